// Issue 15: the host probe's output is read as the kernel prints it, and uploaded TLS material is
// checked per field before any connection (real openssl-made certificates).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseProbeOutput } from "@/lib/hosts/host-metrics";
import { checkTlsMaterial, tlsHandshakeFieldError } from "@/lib/hosts/tls-material";
import { labelLines, parseLabelLines } from "@/components/hosts/label-lines";

const SAMPLE = [
  "cpu  1000 0 1000 8000 0 0 0 0 0 0",
  "MemTotal:        8000000 kB",
  "MemAvailable:    6000000 kB",
  "disk 4096 1000000 250000",
  "cpu  1100 0 1100 8200 0 0 0 0 0 0",
].join("\n");

describe("host probe output", () => {
  it("gives CPU % between two readings, memory used as total - available, disk used of the Docker root", () => {
    expect(parseProbeOutput(SAMPLE)).toEqual({
      cpuPercent: 50,
      memoryTotal: 8000000 * 1024,
      memoryUsed: 2000000 * 1024,
      diskTotal: 4096 * 1000000,
      diskUsed: 4096 * 750000,
    });
  });
  it("refuses output that is not the probe's", () => {
    expect(parseProbeOutput("")).toBeNull();
    expect(parseProbeOutput(SAMPLE.replace(/^disk.*$/m, ""))).toBeNull();
    expect(parseProbeOutput(SAMPLE.split("\n").slice(0, 4).join("\n"))).toBeNull();
  });
});

describe("label lines", () => {
  it("round-trip key=value lines", () => {
    expect(parseLabelLines("zone = eu\n\n tier=web=1 \n")).toEqual({ zone: "eu", tier: "web=1" });
    expect(labelLines({ a: "1", b: "" })).toBe("a=1\nb=");
  });
});

describe("TLS material", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "caas-tls-unit-"));
  const ossl = (args: string[]) => execFileSync("openssl", args, { cwd: tmp, stdio: "ignore" });
  const ca = (n: string) =>
    ossl([
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${n}`,
      "-keyout",
      `${n}.key`,
      "-out",
      `${n}.pem`,
    ]);
  const cert = (issuer: string, n: string) => {
    ossl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", `/CN=${n}`, "-keyout", `${n}.key`, "-out", `${n}.csr`]);
    ossl(["x509", "-req", "-in", `${n}.csr`, "-CA", `${issuer}.pem`, "-CAkey", `${issuer}.key`, "-CAcreateserial", "-days", "1", "-out", `${n}.pem`]);
  };
  ca("ca");
  ca("other");
  cert("ca", "client");
  cert("other", "stranger");
  const r = (f: string) => fs.readFileSync(path.join(tmp, f), "utf8");
  const good = { ca: r("ca.pem"), cert: r("client.pem"), key: r("client.key") };
  const fieldOf = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (e) {
      return (e as { details?: { path: string }[] }).details?.[0]?.path;
    }
  };

  it("accepts matching material and names the wrong field otherwise", () => {
    expect(fieldOf(() => checkTlsMaterial(good))).toBeNull();
    expect(fieldOf(() => checkTlsMaterial({ ...good, key: r("stranger.key") }))).toBe("tls.key");
    expect(fieldOf(() => checkTlsMaterial({ ...good, cert: "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----" }))).toBe("tls.cert");
    expect(fieldOf(() => checkTlsMaterial({ ...good, ca: "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----" }))).toBe("tls.ca");
    expect(fieldOf(() => checkTlsMaterial({ ...good, key: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----" }))).toBe("tls.key");
  });

  it("after a refused handshake, blames the client certificate only when the CA did not issue it", () => {
    expect(tlsHandshakeFieldError(good)).toBeNull();
    expect(tlsHandshakeFieldError({ ca: good.ca, cert: r("stranger.pem") })?.details?.[0].path).toBe("tls.cert");
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
