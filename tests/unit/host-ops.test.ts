// Issue 15: the host probe's output is read as the kernel prints it, and uploaded TLS material is
// checked per field before any connection (real openssl-made certificates).
import { describe, expect, it } from "vitest";
import { parseProbeOutput } from "@/lib/hosts/host-metrics";
import { checkTlsMaterial, tlsHandshakeFieldError } from "@/lib/hosts/tls-material";
import { labelLines, parseLabelLines } from "@/components/hosts/label-lines";
import { tlsKit } from "../support/tls";

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
  const kit = tlsKit("caas-tls-unit-", 1);
  kit.ca("ca");
  kit.ca("other");
  kit.cert("ca", "client");
  kit.cert("other", "stranger");
  const r = kit.read;
  const good = kit.material("ca", "client");
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
    kit.remove();
  });
});
