import { VERSION } from "@/lib/config";
import { ENDPOINTS } from "./endpoints";

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", enum: ["VALIDATION", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "POLICY", "INTERNAL"] },
        message: { type: "string" },
        details: { type: "array" },
      },
      required: ["code", "message"],
    },
  },
};

/** A text the portal stored (service event, job progress, compose warning), with its catalog message. */
const storedTextSchema = {
  type: "object",
  description:
    "`message` is English (rows written before catalog keys existed have only it); `messageKey` + `messageParams` name the catalog message, and `localizedMessage` is that message in the language of the request's Accept-Language (English when it names neither en nor zh-CN).",
  properties: {
    message: { type: "string" },
    messageKey: { type: "string" },
    messageParams: { type: "object", additionalProperties: { type: ["string", "number"] } },
    localizedMessage: { type: "string" },
  },
  required: ["message"],
};

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const params = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    (paths[e.path] ??= {})[e.method] = {
      summary: e.summary,
      description: `Who: ${e.who}.`,
      ...(params.length ? { parameters: params } : {}),
      ...(e.public ? { security: [] } : {}),
      ...(e.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    additionalProperties: false,
                    properties: Object.fromEntries(Object.entries(e.body).map(([k, v]) => [k, { type: "string", description: v }])),
                  },
                },
              },
            },
          }
        : {}),
      responses: {
        [String(e.status ?? 200)]: { description: "OK" },
        default: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "CaaS portal API",
      version: VERSION,
      description:
        "Every console operation, for pipelines and CLIs. Request bodies are strict: a field an operation does not name (at any depth) is refused with 400 VALIDATION, one detail per unknown field. Realtime: socket.io on the same origin, namespaces /events (job progress: emit `subscribe-job` <jobId>, receive `job` and, for a deploy, `deploy`; app state: emit `subscribe-app` <appId>, receive `app`; both with ack { ok }; `unsubscribe-job` / `unsubscribe-app` <id> end a subscription; `unsubscribed` { jobId | appId, reason } when access to it is lost); /terminal (web terminal: emit `open` { containerId, cols, rows, shell? } → `ready` { sessionId, shell } or `failure` { code: NOT_FOUND|FORBIDDEN|NOT_RUNNING|NO_SHELL|HOST_UNREACHABLE, message }; `input` <string>; `output` <string> with an ack callback (un-acked output beyond 256 KiB pauses the shell's output); `resize` { cols, rows }; `exit` { code }; disconnecting ends the shell); /logs (emit `follow` { containerId } or { serviceId }, tail?, since? with ack { ok }; receive `lines` [{ containerId, replica: slot@host, stream, time, text }] and ack each batch; `end`; emit `stop`). Authenticate with the session cookie (same Origin) or `auth: { token }`.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A personal API token from POST /api/v1/tokens" } },
      schemas: { Error: errorSchema, StoredText: storedTextSchema },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
