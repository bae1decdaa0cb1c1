// One way to show times everywhere: ISO-like and in UTC, so an operator can match them to logs.
export function formatTime(iso: string | null | undefined, { seconds = false } = {}): string {
  if (!iso) return "never";
  return iso.replace("T", " ").slice(0, seconds ? 19 : 16) + " UTC";
}
