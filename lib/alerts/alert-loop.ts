// The alert evaluator (system): every CAAS_ALERT_INTERVAL_MS (default 15 s) observe every enabled
// rule, apply the state machine (evaluate-rules.ts) and deliver firing/resolved events. It runs in
// the process that leads the "alerts" role (lib/jobs/leader.ts, server.ts), so one evaluation
// loop runs across all processes. Transitions are conditional updates on the alert's state, so
// even two overlapping leaders (a lease handover) deliver an event once.
import type { AlertRule } from "@prisma/client";
import { startPeriodicLoop, type PeriodicLoop } from "@/lib/periodic";
import { db } from "@/lib/db";
import { systemOutboundDeps } from "@/lib/hosts/host-network";
import type { OutboundDeps } from "@/lib/net";
import { deliverMail, deliverWebhook, type AlertEvent } from "./deliver";
import { evaluateRules, type OpenAlert, type Observation } from "./evaluate-rules";
import { observeRule } from "./observe-conditions";

async function notify(rule: AlertRule, alertId: string, event: "firing" | "resolved", deps: OutboundDeps): Promise<void> {
  const a = await db.alert.findUnique({ where: { id: alertId } });
  if (!a) return;
  if (rule.silencedUntil && rule.silencedUntil > new Date()) return; // silenced: history only
  const payload: AlertEvent = {
    event,
    alert: {
      id: a.id,
      tenantId: a.tenantId,
      rule: { id: rule.id, name: rule.name, kind: rule.kind },
      label: a.label,
      value: a.value,
      since: a.since.toISOString(),
      firedAt: a.firedAt?.toISOString() ?? null,
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
    },
  };
  const emails = (JSON.parse(rule.emails) as string[]).filter((e) => typeof e === "string");
  const n = await db.alertNotification.create({ data: { tenantId: a.tenantId, alertId: a.id, ruleName: rule.name, event, label: a.label } });
  const [webhook, email] = await Promise.all([
    rule.webhookUrl && rule.webhookSecretEnc ? deliverWebhook(rule.webhookUrl, rule.webhookSecretEnc, payload, deps) : null,
    emails.length ? db.alertMailSettings.findUnique({ where: { id: "smtp" } }).then((s) => deliverMail(s, emails, payload)) : null,
  ]);
  await db.alertNotification.update({ where: { id: n.id }, data: { webhook, email } });
}

/** One evaluation round over every enabled rule. */
export async function evaluateAlerts(deps: OutboundDeps = systemOutboundDeps, now = new Date()): Promise<void> {
  const rules = await db.alertRule.findMany({ where: { enabled: true } });
  const byId = new Map(rules.map((r) => [r.id, r]));
  const observed: Observation[] = [];
  for (const r of rules) {
    try {
      observed.push(...(await observeRule(r)));
    } catch (e) {
      console.error(`[alerts] rule ${r.id}:`, e instanceof Error ? e.message : e);
      // unobservable this round: keep its open alerts as they are
      const open = await db.alert.findMany({ where: { ruleId: r.id, state: { in: ["pending", "firing"] } } });
      observed.push(...open.map((a) => ({ ruleId: r.id, subject: a.subject, label: a.label, value: a.value ?? 0 })));
    }
  }
  const open = (await db.alert.findMany({ where: { state: { in: ["pending", "firing"] } } })) as unknown as OpenAlert[];
  // alerts of disabled rules resolve (quietly: a disabled rule delivers nothing)
  for (const a of open.filter((a) => !byId.has(a.ruleId))) {
    await db.alert.updateMany({
      where: { id: a.id, state: a.state },
      data: a.state === "pending" ? { state: "resolved", resolvedAt: now } : { state: "resolved", resolvedAt: now },
    });
  }
  const transitions = evaluateRules(
    rules,
    observed,
    open.filter((a) => byId.has(a.ruleId)),
    now,
  );
  for (const t of transitions) {
    if (t.kind === "pend") {
      await db.alert.create({
        data: { tenantId: byId.get(t.ruleId)!.tenantId, ruleId: t.ruleId, subject: t.subject, label: t.label, state: "pending", value: t.value, since: now },
      });
    } else if (t.kind === "drop") {
      await db.alert.deleteMany({ where: { id: t.alertId, state: "pending" } });
    } else if (t.kind === "fire") {
      const rule = byId.get(t.ruleId)!;
      let id = t.alertId;
      if (id) {
        const won = await db.alert.updateMany({ where: { id, state: "pending" }, data: { state: "firing", firedAt: now, value: t.value, label: t.label } });
        if (won.count !== 1) continue;
      } else {
        id = (
          await db.alert.create({
            data: { tenantId: rule.tenantId, ruleId: rule.id, subject: t.subject, label: t.label, state: "firing", value: t.value, since: now, firedAt: now },
          })
        ).id;
      }
      await notify(rule, id, "firing", deps).catch((e) => console.error("[alerts] notify:", e instanceof Error ? e.message : e));
    } else if (t.kind === "resolve") {
      const a = open.find((x) => x.id === t.alertId)!;
      const won = await db.alert.updateMany({ where: { id: t.alertId, state: "firing" }, data: { state: "resolved", resolvedAt: now } });
      if (won.count === 1)
        await notify(byId.get(a.ruleId)!, t.alertId, "resolved", deps).catch((e) => console.error("[alerts] notify:", e instanceof Error ? e.message : e));
    }
  }
}

/** Starts the evaluation loop (server.ts, under the "alerts" election); `stop()` waits for the round. */
export function startAlertEvaluator(o: { intervalMs?: number } = {}): PeriodicLoop {
  const intervalMs = o.intervalMs ?? Number(process.env.CAAS_ALERT_INTERVAL_MS || 15_000);
  return startPeriodicLoop({ name: "[alerts]", intervalMs, firstDelayMs: 2_000, minGapMs: 200 }, () => evaluateAlerts());
}
