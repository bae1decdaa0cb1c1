// The caller's own display preferences (language, time zone): no permission beyond being signed
// in; the query is scoped to the caller's own row. null = follow the browser.
import { db } from "@/lib/db";
import type { Actor } from "@/lib/policy";
import { isLocale, isTimeZone } from "@/lib/i18n/config";
import { parseInput, z } from "@/lib/validation";

export interface PreferencesDto {
  locale: string | null;
  timeZone: string | null;
}

const input = z
  .object({
    locale: z.union([z.literal(""), z.null(), z.string().refine(isLocale, { params: { i18n: "validation.locale" } })]).optional(),
    timeZone: z.union([z.literal(""), z.null(), z.string().refine(isTimeZone, { params: { i18n: "validation.timeZone" } })]).optional(),
  })
  .strict();

export async function getMyPreferences({ actor }: { actor: Actor }): Promise<PreferencesDto> {
  const u = await db.user.findUnique({ where: { id: actor.userId }, select: { locale: true, timeZone: true } });
  return { locale: u?.locale ?? null, timeZone: u?.timeZone ?? null };
}

/** Sets the caller's language and/or time zone; an empty value goes back to the browser's. */
export async function updateMyPreferences({ actor, input: raw }: { actor: Actor; input: unknown }): Promise<PreferencesDto> {
  const data = parseInput(input, raw);
  const u = await db.user.update({
    where: { id: actor.userId },
    data: {
      ...(data.locale !== undefined ? { locale: data.locale || null } : {}),
      ...(data.timeZone !== undefined ? { timeZone: data.timeZone || null } : {}),
    },
    select: { locale: true, timeZone: true },
  });
  return { locale: u.locale, timeZone: u.timeZone };
}
