// Issue 19: metrics export, alerts and notifications, environment logging targets.
import type { Endpoint } from "./endpoints";

export const OBSERVE_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/metrics",
    summary:
      "Container metrics in the Prometheus text format (?tenantId=): replicas desired/running, task failures, cpu, memory, network and block I/O per service and per container slot; labels tenant, environment, app, service, slot (never container ids). The portal's own metrics are at /metrics (platform admins)",
    who: "tenant owners (their tenant), platform admins (any tenant; all without tenantId)",
  },
  {
    method: "get",
    path: "/api/v1/alert-rules",
    summary: "Alert rules of the caller's tenants (?tenantId=); the webhook secret is never returned",
    who: "tenant members",
  },
  {
    method: "post",
    path: "/api/v1/alert-rules",
    summary:
      "Create an alert rule: kind replicas_below_desired | container_restarting | cpu_above | memory_above | host_down | host_disk_above (Docker-root disk use of a host above threshold %, default 90) | deploy_failed, scope, threshold (%), forSeconds; channels: a webhook (JSON, X-Caas-Signature = sha256 HMAC of timestamp.body with the secret, X-Caas-Timestamp) and emails",
    who: "tenant owners",
    body: {
      tenantId: "string",
      name: "string",
      kind: "string",
      environmentId: "string?",
      appId: "string?",
      serviceId: "string?",
      threshold: "number?",
      forSeconds: "number?",
      webhookUrl: "string?",
      webhookSecret: "string? (required with webhookUrl)",
      emails: "string[]?",
    },
    status: 201,
  },
  {
    method: "patch",
    path: "/api/v1/alert-rules/{id}",
    summary: "Enable or disable a rule, silence it for some minutes (0 ends the silence)",
    who: "tenant owners",
    body: { enabled: "boolean?", silenceMinutes: "number?" },
  },
  { method: "delete", path: "/api/v1/alert-rules/{id}", summary: "Delete a rule and its alert history", who: "tenant owners", status: 204 },
  { method: "get", path: "/api/v1/alerts", summary: "Alert history, newest first (?tenantId=&state=pending|firing|resolved)", who: "tenant members" },
  {
    method: "get",
    path: "/api/v1/notifications",
    summary: "In-portal notifications (firing/resolved) with each delivery's outcome (?tenantId=)",
    who: "tenant members",
  },
  {
    method: "get",
    path: "/api/v1/alert-mail-settings",
    summary: "The SMTP server alert mail goes through (the password is write-only)",
    who: "platform admin",
  },
  {
    method: "put",
    path: "/api/v1/alert-mail-settings",
    summary: "Set the SMTP server for alert mail",
    who: "platform admin",
    body: { host: "string", port: "number", secure: "boolean?", username: "string?", password: "string?", fromAddress: "string" },
  },
  { method: "get", path: "/api/v1/environments/{id}/logging", summary: "The environment's logging target (null: none)", who: "tenant members" },
  {
    method: "put",
    path: "/api/v1/environments/{id}/logging",
    summary:
      "Set the environment's logging target: every service gets it as its logging driver from its next deploy, with tag <tenant>/<app>/<service>; a compose file's logging: is replaced",
    who: "platform admin",
    body: { driver: "syslog | gelf | fluentd", address: "string", port: "number", protocol: "tcp | udp (syslog, gelf)" },
  },
  {
    method: "delete",
    path: "/api/v1/environments/{id}/logging",
    summary: "Remove the logging target (services keep the compose file's own from their next deploy)",
    who: "platform admin",
    status: 204,
  },
];
