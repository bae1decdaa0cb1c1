/** Joins class names, skipping falsy ones (no dependency needed for this). */
export function cn(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}

/** One focus ring for every interactive element, so keyboard users always see where they are. */
export const focusRing = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";
