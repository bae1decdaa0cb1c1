#!/usr/bin/env node
// Runs one command while holding the machine-wide test lock (see runLocked in steps.mjs), e.g.
//   node scripts/with-test-lock.mjs npx vitest run --project integration
import { runLocked } from "./steps.mjs";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: node scripts/with-test-lock.mjs <command> [args…]");
  process.exit(2);
}
try {
  await runLocked(cmd, args);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
