// App variables: plain ones (stored as JSON, shown to who may deploy the app, hidden from viewers)
// and secret ones (sealed at rest with lib/crypto, never returned by any endpoint, hidden in the
// export for everyone). A revision that has secret variables also has its resolved model sealed,
// because the model's environment values were interpolated from them.
import { seal, unseal } from "@/lib/crypto";
import { appError, problem } from "@/lib/errors";
import { z } from "@/lib/validation";
import { HIDDEN_VALUE } from "@/lib/compose";
import type { VariablesInput } from "./app-input";

export interface AppVariables {
  plain: Record<string, string>;
  secret: Record<string, string>;
}

export const VARIABLE_MESSAGES = {
  noStoredValue: (name: string) => `Secret variable ${name} has no stored value to keep; give its value`,
  bothKinds: (name: string) => `Variable ${name} is given twice`,
  invalid: "Some variables are invalid",
};

export const NO_VARIABLES: AppVariables = { plain: {}, secret: {} };

/** Every variable for interpolation (secret ones included). */
export function allValues(v: AppVariables): Record<string, string> {
  return { ...v.plain, ...v.secret };
}

/** The input's variables, a `{ secret: true }` without value taking the value `current` holds. */
export function variablesFromInput(input: VariablesInput, current: AppVariables = NO_VARIABLES): AppVariables {
  const out: AppVariables = { plain: {}, secret: {} };
  const problems: { path: string; message: string }[] = [];
  for (const [name, entry] of Object.entries(input)) {
    if (typeof entry === "string") out.plain[name] = entry;
    else if (!entry.secret) out.plain[name] = entry.value ?? "";
    else if (entry.value !== undefined) out.secret[name] = entry.value;
    else if (Object.prototype.hasOwnProperty.call(current.secret, name)) out.secret[name] = current.secret[name];
    else problems.push(problem(`variables.${name}`, "appErrors.noStoredValue", { name }, VARIABLE_MESSAGES.noStoredValue(name)));
  }
  if (problems.length) throw appError("VALIDATION", "appErrors.variablesInvalid", undefined, VARIABLE_MESSAGES.invalid, { details: problems });
  return out;
}

const stored = z.record(z.string(), z.string());

function parseRecord(text: string | null | undefined): Record<string, string> {
  if (!text) return {};
  try {
    const r = stored.safeParse(JSON.parse(text));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

/** A revision's variables; secret ones unsealed (for a deploy, never for an answer). */
export function revisionVariables(rev: { variablesJson: string; secretVariablesEnc?: string | null }): AppVariables {
  return { plain: parseRecord(rev.variablesJson), secret: rev.secretVariablesEnc ? parseRecord(unseal(rev.secretVariablesEnc)) : {} };
}

/** The columns a revision stores for these variables and its resolved model. */
export function revisionColumns(vars: AppVariables, specJson: string): { variablesJson: string; secretVariablesEnc: string | null; specJson: string } {
  const hasSecret = Object.keys(vars.secret).length > 0;
  return {
    variablesJson: JSON.stringify(vars.plain),
    secretVariablesEnc: hasSecret ? seal(JSON.stringify(vars.secret)) : null,
    specJson: hasSecret ? seal(specJson) : specJson,
  };
}

/** The stored model's JSON text, unsealed when the revision has secret variables. */
export function revisionSpecJson(rev: { specJson: string }): string {
  if (!rev.specJson.startsWith("v1:")) return rev.specJson;
  try {
    return unseal(rev.specJson);
  } catch {
    throw appError(
      "INTERNAL",
      "appErrors.storedModelUnreadable",
      undefined,
      "This revision's stored model cannot be unsealed; deploy the app again from its Compose file.",
    );
  }
}

/** A deep copy of `model` with every occurrence of a secret value replaced by "(hidden)". */
export function hideSecretValues<T>(model: T, secret: Record<string, string>): T {
  const values = Object.values(secret)
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return model;
  const scrub = (s: string) => (values.includes(s) ? HIDDEN_VALUE : values.filter((v) => v.length >= 3).reduce((acc, v) => acc.split(v).join(HIDDEN_VALUE), s));
  const deep = (v: unknown): unknown => {
    if (typeof v === "string") return scrub(v);
    if (Array.isArray(v)) return v.map(deep);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: deep(x), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  return deep(model) as T;
}
