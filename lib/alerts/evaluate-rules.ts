// The alert state machine, pure: given what is observed now and the open alerts, what changes.
// Per (rule, subject): condition true → pending (since now) → firing once it has held for
// `forSeconds` → resolved when the condition is false again. A pending alert whose condition ends
// before it fires is dropped. Deliveries happen on firing and on resolved only.

export interface Observation {
  ruleId: string;
  subject: string;
  label: string;
  value: number;
}

export interface OpenAlert {
  id: string;
  ruleId: string;
  subject: string;
  state: "pending" | "firing";
  since: Date;
}

export interface RuleTiming {
  id: string;
  forSeconds: number;
  enabled: boolean;
}

export type Transition =
  | { kind: "pend"; ruleId: string; subject: string; label: string; value: number }
  | { kind: "fire"; alertId: string | null; ruleId: string; subject: string; label: string; value: number }
  | { kind: "drop"; alertId: string }
  | { kind: "resolve"; alertId: string };

export function evaluateRules(rules: RuleTiming[], observed: Observation[], open: OpenAlert[], now: Date): Transition[] {
  const out: Transition[] = [];
  const byKey = new Map(open.map((a) => [`${a.ruleId}|${a.subject}`, a]));
  const enabled = new Map(rules.map((r) => [r.id, r]));
  const seen = new Set<string>();
  for (const o of observed) {
    const rule = enabled.get(o.ruleId);
    if (!rule?.enabled) continue;
    const key = `${o.ruleId}|${o.subject}`;
    seen.add(key);
    const a = byKey.get(key);
    if (!a) {
      if (rule.forSeconds <= 0) out.push({ kind: "fire", alertId: null, ruleId: o.ruleId, subject: o.subject, label: o.label, value: o.value });
      else out.push({ kind: "pend", ruleId: o.ruleId, subject: o.subject, label: o.label, value: o.value });
    } else if (a.state === "pending" && now.getTime() - a.since.getTime() >= rule.forSeconds * 1000) {
      out.push({ kind: "fire", alertId: a.id, ruleId: o.ruleId, subject: o.subject, label: o.label, value: o.value });
    }
  }
  for (const a of open) {
    if (seen.has(`${a.ruleId}|${a.subject}`)) continue;
    out.push(a.state === "pending" ? { kind: "drop", alertId: a.id } : { kind: "resolve", alertId: a.id });
  }
  return out;
}
