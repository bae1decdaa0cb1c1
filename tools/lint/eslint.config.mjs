// ESLint for the whole tree (run from the repository root: `npm run lint`). Installed apart in
// tools/lint because typescript-eslint needs TypeScript's JS API (5.x) and the portal builds with
// TypeScript 7 (native compiler, no JS API). Syntax rules only (no type-aware rules: tsc checks types).
import path from "node:path";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const root = path.resolve(import.meta.dirname, "../..");

/** Which lib domains each lib domain may import (the architecture map; a new edge is a design
 *  decision: add it here in the same change). lib never imports app/ or components/. Domains not
 *  listed may import nothing but themselves. Module-level cycles are refused by import-x/no-cycle.
 *  Still to grow out of (domain-level cycles hidden behind file-level imports): auth ⇄ identity,
 *  auth ⇄ tenants, i18n ⇄ users, and imports that reach past another domain's index.ts. */
export const DOMAIN_DEPS = {
  alerts: "audit compose crypto db errors hosts net periodic policy validation",
  apps: "audit compose crypto db docker environments errors hosts jobs logging orchestrator policy ports quotas reconcile registry replication secrets validation",
  audit: "db errors policy validation",
  auth: "crypto db errors identity policy tenants",
  compose: "errors",
  containers: "audit config db docker errors hosts policy reconcile services validation",
  crypto: "config",
  // stored texts (events) as DTO fields: lib/errors storedTextOf
  // issue 17: environments answer their region (lib/regions)
  dashboard: "db environments errors policy regions validation",
  db: "config",
  docker: "errors",
  // issue 17: an environment's region is resolved by lib/regions
  environments: "audit db errors jobs policy regions settings validation",
  health: "config db jobs",
  // issue 15: the registration command adds hosts through lib/hosts addHost, as the token's creator (lib/auth)
  hostreg: "audit auth config crypto db environments errors hosts policy validation",
  hosts: "audit crypto db docker environments errors jobs net orchestrator periodic policy settings validation",
  http: "auth config errors i18n policy",
  i18n: "auth errors users",
  identity: "audit auth crypto db errors policy validation",
  // GET /registry answers each region's pull address (lib/regions)
  // an approval queues the market copy's replication; the image page shows it per region
  images: "apps audit containers db errors hosts jobs policy regions registry replication validation",
  jobs: "apps db errors hosts images policy validation",
  logging: "audit db errors policy validation",
  metrics: "db jobs policy validation",
  openapi: "config",
  orchestrator: "compose docker errors",
  // one periodic loop for the background rounds (stats, alerts, host metrics): depends on nothing
  periodic: "",
  policy: "errors",
  ports: "compose db environments errors policy",
  // issue 16: the one quota check (its lock from lib/jobs/keyed-mutex), usage from the stats samples
  quotas: "audit compose crypto db errors jobs policy validation",
  usage: "audit db policy quotas validation",
  realtime: "apps auth containers errors http jobs policy reconcile",
  // service events written with their catalog key (lib/errors storedText)
  reconcile: "db docker errors hosts orchestrator",
  // the pull address hosts get is classified with lib/net's address ranges (loopback, unspecified)
  registry: "auth config db errors identity net policy",
  // issue 17: regions (registry URL, sealed credentials)
  regions: "audit crypto db errors policy validation",
  // issue 17: copies between Distribution registries over their HTTP API (fetch and clock passed in);
  // the queue of copies between regions (its rows, the registries' notifications, the admin's retry)
  replication: "audit crypto db errors jobs periodic policy regions registry validation",
  // issue 11 day-2: an environment's volumes, networks and images on its hosts
  resources: "audit db docker environments errors hosts jobs orchestrator policy registry validation",
  secrets: "audit compose crypto db environments errors policy validation",
  services: "apps audit compose db errors hosts orchestrator policy quotas reconcile validation",
  settings: "audit db errors net policy validation",
  stats: "containers db environments errors hosts periodic policy services usage validation",
  templates: "apps audit compose crypto db environments errors images policy registry validation",
  tenants: "audit auth db errors policy validation",
  tokens: "audit auth crypto db errors identity policy tenants validation",
  users: "audit auth db errors i18n identity policy tenants validation",
  validation: "errors i18n",
};

const domainBoundaries = {
  meta: {
    type: "problem",
    messages: {
      edge: "lib/{{from}} may not import lib/{{to}} (not in DOMAIN_DEPS of tools/lint/eslint.config.mjs: add the edge there if it is a deliberate design decision)",
      upward: "lib must not import from {{target}}",
    },
  },
  create(context) {
    const rel = path.relative(root, context.filename).split(path.sep);
    if (rel[0] !== "lib" || rel.length < 3) return {};
    const own = rel[1];
    const allowed = new Set((DOMAIN_DEPS[own] ?? "").split(" "));
    const check = (node, source) => {
      if (typeof source !== "string") return;
      let target = source;
      if (source.startsWith("."))
        target =
          "@/" +
          path
            .relative(root, path.resolve(path.dirname(context.filename), source))
            .split(path.sep)
            .join("/");
      if (!target.startsWith("@/")) return;
      const parts = target.slice(2).split("/");
      if (parts[0] === "app" || parts[0] === "components") return context.report({ node, messageId: "upward", data: { target: parts[0] } });
      if (parts[0] === "lib" && parts[1] && parts[1] !== own && !allowed.has(parts[1]))
        context.report({ node, messageId: "edge", data: { from: own, to: parts[1] } });
    };
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === "Literal" && check(n.source, n.source.value),
    };
  },
};

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "data/**", "test-results/**", "playwright-report/**", "tools/**", "next-env.d.ts", ".lab/**", "public/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs,js,cjs}"],
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        fetch: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
        setImmediate: "readonly",
        URLSearchParams: "readonly",
        Response: "readonly",
        Request: "readonly",
        Headers: "readonly",
        performance: "readonly",
        crypto: "readonly",
        window: "readonly",
        document: "readonly",
        navigator: "readonly",
        localStorage: "readonly",
      },
    },
    plugins: { "react-hooks": reactHooks, "import-x": importX, caas: { rules: { "domain-boundaries": domainBoundaries } } },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: path.join(root, "tsconfig.json") })],
    },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "caas/domain-boundaries": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Input validation deliberately matches control characters (names, paths, tar entries).
      "no-control-regex": "off",
    },
  },
  {
    // Tests and the bench read arbitrary JSON answers from the API and the engine.
    files: ["tests/**", "bench/**", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
