// An AppError's message for a server-rendered page, in the page's language.
import type { AppError } from "@/lib/errors";
import { localizeError } from "./localize-error";
import { requestPreferences } from "./request-preferences";

export async function pageErrorMessage(e: AppError): Promise<string> {
  return localizeError((await requestPreferences()).locale, e).message;
}
