import { apiRoute, text } from "@/lib/http";
import { readServiceLogs } from "@/lib/containers";

// Every running replica's recent lines merged by time; text lines are prefixed with [slot@host].
export const GET = apiRoute<{ id: string }>(async ({ actor, params, query }) => {
  const { lines, format } = await readServiceLogs({ actor, serviceId: params.id, query });
  if (format === "json") return text(lines.map((l) => JSON.stringify(l)).join("\n") + (lines.length ? "\n" : ""), "application/x-ndjson; charset=utf-8");
  return text(lines.map((l) => `[${l.replica}] ${l.text}`).join("\n") + (lines.length ? "\n" : ""), "text/plain; charset=utf-8");
});
