// The RSA key the portal signs registry tokens with. Generated once into <data>/registry/ (0600);
// the registry trusts its self-signed certificate (rootcertbundle, written by the supervisor).
// The private key never leaves this module's callers on the server.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { registryDir } from "./settings";

export interface TokenKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** libtrust key id: the registry finds the trusted key by it */
  kid: string;
}

const g = globalThis as unknown as { __caasRegistryKey?: TokenKey };

export function tokenKeyPath(): string {
  return path.join(registryDir(), "token.key");
}

/** libtrust KeyID: SHA-256 of the DER public key, first 240 bits, base32, groups of 4 joined by ":". */
export function libtrustKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  const hash = createHash("sha256").update(der).digest().subarray(0, 30);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join(":");
}

export function tokenKey(): TokenKey {
  if (g.__caasRegistryKey) return g.__caasRegistryKey;
  const file = tokenKeyPath();
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    try {
      fs.writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    } catch (e) {
      // Another module copy (Next's bundle vs server.ts) wrote it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  const privateKey = createPrivateKey(fs.readFileSync(file, "utf8"));
  const publicKey = createPublicKey(privateKey);
  g.__caasRegistryKey = { privateKey, publicKey, kid: libtrustKeyId(publicKey) };
  return g.__caasRegistryKey;
}
