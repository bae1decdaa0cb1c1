import { apiRoute, text } from "@/lib/http";
import { getUsage, usageCsv } from "@/lib/usage";

// `Accept: text/csv` (or ?format=csv) answers the same figures as a CSV file.
export const GET = apiRoute(async ({ actor, query, req }) => {
  const csv = query.format === "csv" || (req.headers.get("accept") ?? "").includes("text/csv");
  const answer = await getUsage({ actor, query });
  return csv ? text(usageCsv(answer), "text/csv; charset=utf-8") : answer;
});
