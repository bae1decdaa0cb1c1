// The registration script (issue 15) is plain POSIX sh: dash parses it, values from the portal are
// quoted so that nothing in them runs, and a machine without dockerd is told how to install Docker
// before anything is changed.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registrationScript } from "@/lib/hostreg/script";
import { tempDir } from "../support/distribution";

const tmp = tempDir("caas-hostreg-unit-");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const marker = path.join(tmp, "ran");
const script = registrationScript({
  portal: "http://10.77.0.1:3101",
  token: "hr_abcdefghijklmnopqrstuvwxyz0123456789",
  environmentName: `it's $(touch ${marker}) \`touch ${marker}\``,
  mode: "register",
  hostName: null,
  address: null,
});

describe("registration script", () => {
  it("is POSIX sh that dash parses, starting with #!/bin/sh", () => {
    expect(script.startsWith("#!/bin/sh\n")).toBe(true);
    const file = path.join(tmp, "s.sh");
    fs.writeFileSync(file, script);
    execFileSync("dash", ["-n", file]);
    expect(script).not.toMatch(/\\\$\{/);
    expect(script).toContain("PORTAL='http://10.77.0.1:3101'");
  });

  it("says how to install Docker when dockerd is missing, and changes nothing", () => {
    // a PATH with the usual tools but no dockerd
    const bin = path.join(tmp, "bin");
    fs.mkdirSync(bin, { recursive: true });
    for (const tool of ["uname", "id", "sed", "head", "cat", "printf"]) {
      const where = execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
      if (where.startsWith("/")) fs.symlinkSync(where, path.join(bin, tool));
    }
    const r = spawnSync("/bin/dash", ["-s"], { input: script, env: { PATH: bin } as unknown as NodeJS.ProcessEnv, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/FAILED: dockerd is not installed\. Install Docker Engine first \(https:\/\/docs\.docker\.com\/engine\/install\//);
    expect(r.stderr).toMatch(/nothing on this machine was changed/);
    expect(fs.existsSync(marker)).toBe(false);
  });
});
