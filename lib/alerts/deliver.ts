// Delivering an alert event: a JSON webhook signed with the rule's secret, and mail through the
// platform's SMTP server. Both are best effort with a short deadline; the outcome is recorded on
// the notification ("delivered" or "failed: <category>"), never an internal error text.
//
// Webhook signature: X-Caas-Timestamp (unix seconds) and X-Caas-Signature = "sha256=" + hex
// HMAC-SHA256(secret, timestamp + "." + body). A receiver recomputes it over the raw body and
// rejects old timestamps (replay).
//
// SECURITY (T31): a webhook URL is a tenant's choice of destination: its host is resolved and
// vetted by the outbound address policy at each delivery, and the request goes to the vetted
// address (never resolved twice: no DNS rebinding).
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import nodemailer from "nodemailer";
import { unseal } from "@/lib/crypto";
import { vetOutboundHost, type OutboundDeps } from "@/lib/net";

const TIMEOUT_MS = 5_000;

export interface AlertEvent {
  event: "firing" | "resolved";
  alert: {
    id: string;
    tenantId: string;
    rule: { id: string; name: string; kind: string };
    label: string;
    value: number | null;
    since: string;
    firedAt: string | null;
    resolvedAt: string | null;
  };
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return "sha256=" + crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export async function deliverWebhook(url: string, secretEnc: string, payload: AlertEvent, deps: OutboundDeps): Promise<string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "failed: invalid_url";
  }
  let v;
  try {
    v = await vetOutboundHost(u.hostname, deps);
  } catch {
    return "failed: dns";
  }
  if (!v.ok) return `failed: ${v.reason}`;
  const body = JSON.stringify(payload);
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = signWebhook(unseal(secretEnc), ts, body);
  const lib = u.protocol === "https:" ? https : http;
  const address = v.address;
  const family = v.family;
  return new Promise((resolve) => {
    const req = lib.request(
      u,
      {
        method: "POST",
        timeout: TIMEOUT_MS,
        headers: { "content-type": "application/json", "user-agent": "caas-portal-alerts", "x-caas-timestamp": ts, "x-caas-signature": signature },
        // connect to the vetted address; TLS still verifies the certificate against the URL's name
        lookup: (_host, opts, cb) => {
          if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else cb(null, address, family);
        },
      },
      (res) => {
        res.resume();
        const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
        resolve(ok ? "delivered" : `failed: http_${res.statusCode}`);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve(/timeout/.test(e.message) ? "failed: timeout" : "failed: connection"));
    req.end(body);
  });
}

export interface MailServer {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  passwordEnc: string | null;
  fromAddress: string;
}

export async function deliverMail(server: MailServer | null, to: string[], payload: AlertEvent): Promise<string> {
  if (!server) return "failed: no_mail_server";
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.secure,
    auth: server.username ? { user: server.username, pass: server.passwordEnc ? unseal(server.passwordEnc) : "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  const a = payload.alert;
  const subject = `[${payload.event.toUpperCase()}] ${a.rule.name}: ${a.label}`;
  const text = [
    `${a.rule.name} (${a.rule.kind}) is ${payload.event} for ${a.label}.`,
    `value: ${a.value ?? "-"}`,
    `since: ${a.since}`,
    a.firedAt ? `fired: ${a.firedAt}` : "",
    a.resolvedAt ? `resolved: ${a.resolvedAt}` : "",
    `alert id: ${a.id}`,
  ]
    .filter(Boolean)
    .join("\n");
  try {
    await transport.sendMail({ from: server.fromAddress, to, subject, text, headers: { "X-Caas-Alert": a.id, "X-Caas-Event": payload.event } });
    return "delivered";
  } catch (e) {
    const code = (e as { code?: string }).code;
    return `failed: ${code === "ETIMEDOUT" || code === "ECONNECTION" || code === "EAUTH" ? code.toLowerCase() : "smtp"}`;
  } finally {
    transport.close();
  }
}
