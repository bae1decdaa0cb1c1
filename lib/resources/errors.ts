// The resource domain's user-facing errors: English text for logs and API callers without a
// language, a catalog key (messages/*/resources.json, `resources.errors`) for everyone else.
import { AppError } from "@/lib/errors";

const list = (users: string[]) => users.map((u) => `"${u}"`).join(", ");

export const resourceErrors = {
  volumeNotFound: (name: string) =>
    new AppError("NOT_FOUND", `Volume "${name}" not found in this environment.`, undefined, {
      i18n: { key: "resources.errors.volumeNotFound", params: { name } },
    }),
  networkNotFound: (name: string) =>
    new AppError("NOT_FOUND", `Network "${name}" not found in this environment.`, undefined, {
      i18n: { key: "resources.errors.networkNotFound", params: { name } },
    }),
  volumeInUse: (name: string, users: string[]) =>
    new AppError("CONFLICT", `Volume "${name}" is in use by ${list(users)}; remove or stop what uses it first.`, undefined, {
      i18n: { key: "resources.errors.volumeInUse", params: { name, users: list(users) } },
    }),
  networkInUse: (name: string, users: string[]) =>
    new AppError("CONFLICT", `Network "${name}" is in use by ${list(users)}; remove what uses it first.`, undefined, {
      i18n: { key: "resources.errors.networkInUse", params: { name, users: list(users) } },
    }),
  hostUnreachable: (host: string) =>
    new AppError("CONFLICT", `Host "${host}" does not answer; try again when it is back.`, undefined, {
      i18n: { key: "resources.errors.hostUnreachable", params: { host } },
    }),
  noHosts: () => new AppError("CONFLICT", "This environment has no hosts yet; add a host first.", undefined, { i18n: { key: "resources.errors.noHosts" } }),
};

/** "app/service" or the container name: how a user of a volume or network is named in messages. */
export function userLabel(u: { app: { name: string } | null; service: string | null; container?: string }): string {
  if (u.app && u.service) return `${u.app.name}/${u.service}`;
  if (u.app) return u.app.name;
  return u.service ?? u.container ?? "?";
}
