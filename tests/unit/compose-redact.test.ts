// Viewers read names, never values, of environment entries and app variables (issue 9, hole 6):
// written as the attack, each case hides a secret somewhere a naive redaction would miss.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HIDDEN_VALUE, applyEnvironmentDefaults, exportCompose, parseCompose, redactComposeText, redactSpecValues } from "@/lib/compose";

const SECRET = "s3cr3t-hunter2";

describe("redactComposeText (the stored Compose text a viewer reads in revisions)", () => {
  it.each([
    ["map form", `services:\n  web:\n    image: nginx\n    environment:\n      DB_PASSWORD: ${SECRET}\n      EMPTY:\n`],
    ["list form", `services:\n  web:\n    image: nginx\n    environment:\n      - DB_PASSWORD=${SECRET}\n      - PASSTHROUGH\n`],
    ["flow map", `services:\n  web: { image: nginx, environment: { DB_PASSWORD: "${SECRET}" } }\n`],
    ["flow list", `services:\n  web: { image: nginx, environment: ["DB_PASSWORD=${SECRET}"] }\n`],
    ["block scalar", `services:\n  web:\n    image: nginx\n    environment:\n      DB_PASSWORD: |\n        ${SECRET}\n`],
    ["a comment on the value", `services:\n  web:\n    image: nginx\n    environment:\n      DB_PASSWORD: ${SECRET} # was ${SECRET}\n`],
    ["quoted key", `services:\n  web:\n    image: nginx\n    "environment":\n      DB_PASSWORD: ${SECRET}\n`],
    ["V1 file", `web:\n  image: nginx\n  environment:\n    DB_PASSWORD: ${SECRET}\n`],
    [
      "anchored in an x- block and merged",
      `x-env: &env\n  DB_PASSWORD: ${SECRET}\nservices:\n  web:\n    image: nginx\n    environment:\n      <<: *env\n      OTHER: x\n`,
    ],
    [
      "merge of a list of anchors",
      `x-a: &a\n  A: ${SECRET}\nx-b: &b\n  B: ${SECRET}\nservices:\n  web:\n    image: nginx\n    environment:\n      <<: [*a, *b]\n`,
    ],
    ["the whole mapping is an alias", `x-env: &env\n  DB_PASSWORD: ${SECRET}\nservices:\n  web:\n    image: nginx\n    environment: *env\n`],
    ["a value that is an alias of a scalar", `x-pw: &pw ${SECRET}\nservices:\n  web:\n    image: nginx\n    environment:\n      DB_PASSWORD: *pw\n`],
    ["a list item that is an alias", `x-kv: &kv DB_PASSWORD=${SECRET}\nservices:\n  web:\n    image: nginx\n    environment: [*kv]\n`],
    [
      "an environment key inside an x- block",
      `x-common: &common\n  environment:\n    DB_PASSWORD: ${SECRET}\nservices:\n  web:\n    <<: *common\n    image: nginx\n`,
    ],
  ])("hides the value: %s", (_what, text) => {
    expect(text).toContain(SECRET);
    const out = redactComposeText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain(HIDDEN_VALUE);
    expect(out).toMatch(/DB_PASSWORD|\bA\b|PASSWORD/); // names are kept
    expect(() => parse(out, { merge: true })).not.toThrow();
  });

  it("keeps everything that is not an environment value, and names without values", () => {
    const text = `# my app\nservices:\n  web:\n    image: nginx:1.27\n    command: ["--port", "8080"]\n    environment:\n      - PASSTHROUGH\n      - MODE=prod\n    labels: { team: web }\n`;
    const out = redactComposeText(text);
    expect(out).toContain("# my app");
    expect(out).toContain("image: nginx:1.27");
    expect(out).toContain('command: [ "--port", "8080" ]');
    expect(out).toContain("- PASSTHROUGH");
    expect(out).toContain(`- MODE=${HIDDEN_VALUE}`);
    expect(out).toContain("team: web");
  });

  it("hides the whole text when it cannot be read (never a guess)", () => {
    const out = redactComposeText(`services:\n  web:\n    environment: [DB_PASSWORD=${SECRET}\n`);
    expect(out).not.toContain(SECRET);
    expect(out).toMatch(/^# The Compose file is hidden/);
  });
});

describe("redactSpecValues (the export a viewer downloads)", () => {
  const text = [
    "services:",
    "  web:",
    "    image: registry.example/shop:${TAG}",
    '    command: ["--token", "${API_TOKEN}"]',
    "    environment:",
    "      DB_PASSWORD: ${DB_PASSWORD}",
    "      LITERAL: plain-literal-value",
    '    labels: { owner: "${API_TOKEN}" }',
    '    volumes: ["data:/data"]',
    "    depends_on: [db]",
    "  db:",
    "    image: postgres:16",
    "volumes:",
    "  data: {}",
    "",
  ].join("\n");
  const variables = { TAG: "v1.2.3-secret-tag", API_TOKEN: "tok_live_abcdef", DB_PASSWORD: SECRET, SHORT: "1" };
  const spec = applyEnvironmentDefaults(parseCompose(text, variables), { cpus: 0.5, memoryMb: 256 });

  it("the owner's export has the values (the test can fail)", () => {
    const out = exportCompose(spec);
    for (const v of [SECRET, "tok_live_abcdef", "v1.2.3-secret-tag", "plain-literal-value"]) expect(out).toContain(v);
  });

  it("the viewer's export has names and structure, no environment or variable value anywhere", () => {
    const out = exportCompose(redactSpecValues(spec, variables));
    for (const v of [SECRET, "tok_live_abcdef", "v1.2.3-secret-tag", "plain-literal-value"]) expect(out).not.toContain(v);
    const doc = parse(out);
    expect(Object.keys(doc.services)).toEqual(["db", "web"]);
    expect(doc.services.web.environment).toEqual({ DB_PASSWORD: HIDDEN_VALUE, LITERAL: HIDDEN_VALUE });
    expect(doc.services.web.command).toEqual(["--token", HIDDEN_VALUE]);
    expect(doc.services.web.image).toBe(`registry.example/shop:${HIDDEN_VALUE}`);
    expect(doc.services.web.depends_on).toEqual(["db"]);
    expect(doc.services.web.volumes[0]).toMatchObject({ type: "volume", source: "data", target: "/data" });
    expect(doc.services.db.image).toBe("postgres:16"); // short values ("1") do not mangle other text
  });

  it("does not change its input", () => {
    const before = structuredClone(spec);
    redactSpecValues(spec, variables);
    expect(spec).toEqual(before);
  });
});
