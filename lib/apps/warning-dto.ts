// A compose warning as the API answers it: key path, English `message`, and the catalog message
// (`messageKey` + `messageParams`) a reader sees in their language (lib/errors StoredText).
import type { StoredText } from "@/lib/errors";
import type { WarningSpec } from "@/lib/compose";

export type WarningDto = StoredText & { path: string };

export function warningDto(w: WarningSpec): WarningDto {
  return { path: w.path, message: w.message, ...(w.key ? { messageKey: w.key } : {}), ...(w.params ? { messageParams: w.params } : {}) };
}
