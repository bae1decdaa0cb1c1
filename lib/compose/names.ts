// ─── Security invariant (T13) ─────────────────────────────────────────────────────────────────────
// Names, image references and label keys end up in engine object names, DNS names, log lines and
// UI text. They are checked against strict allow-list patterns, so `;touch /tmp/pwn`, `$(id)`,
// backticks and newlines never get that far. Values (env, command) may hold any text: they are
// passed to the engine as data and never reach a shell on our side.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

import type { MessageParams } from "@/lib/errors";

/** Service names: also DNS names on the app network, hence lowercase and short (dots as Compose allows). */
export const RESOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
/** Volume, network, secret and config keys as Docker accepts them (the engine names are derived). */
export const OBJECT_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** Environment names as Compose passes them (`spring.profiles.active`, `JAVA-OPTS` included). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;
/** Reverse-DNS style keys (`com.example.role`, `traefik.http.routers.web.rule`, `io.x:y`). */
export const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,254}$/;
/** Extra names under which a linked service is reachable (DNS labels). */
export const ALIAS_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
export const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** `user`, `uid`, `user:group` or `uid:gid`. */
export const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,63})?$/;
export const CAPABILITY = /^[A-Za-z_]{1,64}$/;
export const SYSCTL_KEY = /^[A-Za-z0-9_./-]{1,200}$/;

// The distribution/reference grammar, without the IPv6 and uppercase-path leniencies.
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const DOMAIN_COMPONENT = "(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])";
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]{1,5})?`;
const TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,128}";
export const IMAGE_REF = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);
const MAX_IMAGE_LENGTH = 512;

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a name, path or reference is refused: English, and the catalog message readers see. */
export interface NameProblem {
  message: string;
  key: string;
  params?: MessageParams;
}

const named = (key: string, message: string, params?: MessageParams): NameProblem => ({
  message,
  key: `composeNameErrors.${key}`,
  ...(params ? { params } : {}),
});

/** Why a service, volume, network, secret or config name is refused, or undefined if it is fine. */
export function resourceNameProblem(name: string, what: "Service" | "Volume" | "Network" | "Secret" | "Config"): NameProblem | undefined {
  const kind = `@composeNameErrors.kinds.${what.toLowerCase()}`;
  if (what !== "Service") {
    if (OBJECT_KEY.test(name)) return undefined;
    return named("objectName", `${what} name must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 63 characters)`, {
      what: kind,
    });
  }
  if (RESOURCE_NAME.test(name)) return undefined;
  if (RESOURCE_NAME.test(name.toLowerCase()))
    return named("lowercase", `${what} name must be lowercase; rename it to ${JSON.stringify(name.toLowerCase())}`, { what: kind, name: name.toLowerCase() });
  return named("serviceName", `${what} name must start with a lowercase letter or digit and contain only a-z, 0-9, ".", "_" and "-" (at most 63 characters)`, {
    what: kind,
  });
}

export function imageProblem(image: string): NameProblem | undefined {
  if (image === "") return named("imageEmpty", "Image must not be empty");
  if (image.length > MAX_IMAGE_LENGTH) return named("imageTooLong", `Image reference is longer than ${MAX_IMAGE_LENGTH} characters`, { max: MAX_IMAGE_LENGTH });
  if (IMAGE_REF.test(image)) return undefined;
  if (/\s/.test(image) || CONTROL.test(image)) return named("imageSpaces", "Image reference must not contain spaces or line breaks");
  if (/[;&|`$()<>\\'"!*?{}]/.test(image)) return named("imageShell", "Image reference contains characters that are not allowed (shell metacharacters)");
  return named("imageInvalid", 'Image reference is not valid; expected [registry/]name[:tag][@sha256:digest] with a lowercase name, e.g. "nginx:1.27"');
}

export function envNameProblem(name: string): NameProblem | undefined {
  return ENV_NAME.test(name)
    ? undefined
    : named("envName", 'Environment variable names start with a letter or "_" and contain only letters, digits, "_", "." and "-"');
}

export function labelKeyProblem(key: string): NameProblem | undefined {
  return LABEL_KEY.test(key)
    ? undefined
    : named("labelKey", "Label keys may contain only letters, digits, '.', '_', '/', ':' and '-' (at most 255 characters)");
}

export function hasControlChars(s: string): boolean {
  return CONTROL.test(s);
}

/** Container paths (mount targets, working_dir): absolute and printable. */
export function containerPathProblem(p: string): NameProblem | undefined {
  if (!p.startsWith("/")) return named("pathAbsolute", "Container paths must be absolute (start with /)");
  if (CONTROL.test(p)) return named("pathControl", "Container paths must not contain line breaks or control characters");
  if (p.length > 4096) return named("pathTooLong", "Container path is too long");
  return undefined;
}
