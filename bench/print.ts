// Prints the table of a results file again: `npx tsx bench/print.ts [bench/results/<file>.json]`
// (default: the newest file).
import fs from "node:fs";
import path from "node:path";
import { printTable, type Row } from "./support";

const dir = path.join(import.meta.dirname, "results");
const file =
  process.argv[2] ??
  path.join(
    dir,
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .at(-1) ?? "",
  );
const r = JSON.parse(fs.readFileSync(file, "utf8")) as { startedAt: string; durationS: number; quick: boolean; rows: Row[] };
console.log(`${path.basename(file)}: ${r.quick ? "quick" : "full"} run started ${r.startedAt}, ${r.durationS} s\n`);
console.log(printTable(r.rows));
