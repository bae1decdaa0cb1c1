#!/usr/bin/env node
// Runs one command while holding the machine-wide test lock (see acquireTestLock), e.g.
//   node scripts/with-test-lock.mjs npx vitest run --project integration
import { acquireTestLock, run } from "./steps.mjs";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: node scripts/with-test-lock.mjs <command> [args…]");
  process.exit(2);
}
const release = await acquireTestLock();
let code = 0;
try {
  await run(cmd, args);
} catch (e) {
  console.error(e.message);
  code = 1;
} finally {
  release();
}
process.exit(code);
