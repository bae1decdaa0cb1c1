// Every row the bench prints, in order. A measure that throws still prints its rows (FAIL, with the
// error); the smoke test checks that each id appears in the output.
import { DASHBOARD_ROWS } from "./measures/dashboard";
import { DEPLOY_ROWS } from "./measures/deploy";
import { LIST_ROWS } from "./measures/list";
import { PORT_ROWS } from "./measures/ports";
import { PORT_HA_ROWS } from "./measures/ports-ha";
import { REPLICATION_ROWS } from "./measures/replication";
import { SCALE_ROWS } from "./measures/scale";
import { TERMINAL_ROWS } from "./measures/terminal";

export const MEMORY_ROWS = ["rss-idle", "rss-after"] as const;

export const ALL_ROWS: readonly string[] = [
  ...DEPLOY_ROWS,
  ...SCALE_ROWS,
  ...TERMINAL_ROWS,
  ...LIST_ROWS,
  ...PORT_ROWS,
  ...PORT_HA_ROWS,
  ...REPLICATION_ROWS,
  ...DASHBOARD_ROWS,
  ...MEMORY_ROWS,
];
