// Test TLS material made with openssl, as an operator would make it: a CA, certificates it signs
// (with the extensions a test asks for) and certificate requests. One place for the suites and
// unit tests that need real certificates.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export interface TlsKit {
  dir: string;
  /** A self-signed CA: <name>.pem and <name>.key. */
  ca(name: string): void;
  /** A key and a certificate signed by `issuer`: <name>.key, <name>.pem; `ext` is an openssl extfile text. */
  cert(issuer: string, name: string, ext?: string): void;
  /** A PEM certificate request for a fresh key, with this subject and subjectAltName. */
  csr(subject: string, san: string): string;
  read(file: string): string;
  /** { ca, cert, key } as the portal takes them. */
  material(ca: string, name: string): { ca: string; cert: string; key: string };
  remove(): void;
}

export function tlsKit(prefix = "caas-tls-", days = 2): TlsKit {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const openssl = (args: string[], encoding?: "utf8") =>
    execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], ...(encoding ? { encoding } : {}) });
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  let n = 0;
  return {
    dir,
    read,
    ca(name) {
      openssl(["req", "-x509", ...EC, "-days", String(days), "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.pem`]);
    },
    cert(issuer, name, ext) {
      openssl(["req", ...EC, "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.csr`]);
      const extArgs: string[] = [];
      if (ext) {
        fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
        extArgs.push("-extfile", `${name}.ext`);
      }
      openssl([
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        `${issuer}.pem`,
        "-CAkey",
        `${issuer}.key`,
        "-CAcreateserial",
        "-days",
        String(days),
        ...extArgs,
        "-out",
        `${name}.pem`,
      ]);
    },
    csr(subject, san) {
      const key = `csr-${++n}.key`;
      openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]);
      return String(openssl(["req", "-new", "-key", key, "-subj", subject, "-addext", `subjectAltName=${san}`], "utf8"));
    },
    material(ca, name) {
      return { ca: read(`${ca}.pem`), cert: read(`${name}.pem`), key: read(`${name}.key`) };
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
