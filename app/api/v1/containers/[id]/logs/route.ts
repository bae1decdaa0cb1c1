import { apiRoute, text } from "@/lib/http";
import { readContainerLogs } from "@/lib/containers";

// ?format=json: JSON lines (one object per line); default text (one log line per line).
export const GET = apiRoute<{ id: string }>(async ({ actor, params, query }) => {
  const { lines, format } = await readContainerLogs({ actor, containerId: params.id, query });
  if (format === "json") return text(lines.map((l) => JSON.stringify(l)).join("\n") + (lines.length ? "\n" : ""), "application/x-ndjson; charset=utf-8");
  return text(lines.map((l) => l.text).join("\n") + (lines.length ? "\n" : ""), "text/plain; charset=utf-8");
});
