// The i18n spec alone, on its own port and registry address: it needs no engine, so it can run
// beside a locked integration run (`npx playwright test -c e2e/i18n.config.ts`).
import base from "../playwright.config";
import { defineConfig } from "@playwright/test";

const PORT = 3197;
process.env.E2E_ORIGIN = `http://127.0.0.1:${PORT}`;
export default defineConfig({
  ...base,
  testDir: new URL(".", import.meta.url).pathname,
  testMatch: "i18n.spec.ts",
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    ...base.webServer,
    cwd: new URL("..", import.meta.url).pathname,
    command: `CAAS_REGISTRY_ADDR=127.0.0.1:5998 node scripts/test-server.mjs i18n ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/health`,
  },
});
