// What the reviewer sees about a version's compose: the one policy validator's verdict with the
// questions' defaults applied (a generic environment: the whole port range, platform limits, no
// bind allow-list), and which images other tenants could not pull.
import { isAppError, type ErrorDetail } from "@/lib/errors";
import { PLATFORM_LIMITS, applyEnvironmentDefaults, parseCompose, policyViolations } from "@/lib/compose";
import { publicRegistryHost } from "@/lib/registry";
import { REGISTRY_VARIABLE, type Question } from "./questions";

export interface PolicyVerdict {
  ok: boolean;
  problems: ErrorDetail[];
}

export function policyVerdict(composeText: string, questions: Question[]): PolicyVerdict {
  const vars: Record<string, string> = { [REGISTRY_VARIABLE]: publicRegistryHost() };
  for (const q of questions) vars[q.variable] = q.default === undefined ? (q.type === "int" ? String(q.min ?? 1) : "x") : String(q.default);
  try {
    const spec = applyEnvironmentDefaults(parseCompose(composeText, vars), { cpus: 0.5, memoryMb: 256 });
    const problems = policyViolations(spec, {
      bindAllowList: [],
      portRange: { from: 1, to: 65535 },
      limits: { ...PLATFORM_LIMITS },
      publishing: { endpointMode: "dnsrr", publishMode: "host" },
    });
    return { ok: problems.length === 0, problems };
  } catch (e) {
    if (isAppError(e)) return { ok: false, problems: e.details?.length ? e.details : [{ path: "(compose)", message: e.message }] };
    return { ok: false, problems: [{ path: "(compose)", message: "The file cannot be read." }] };
  }
}
