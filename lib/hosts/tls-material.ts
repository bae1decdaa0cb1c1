// Checks uploaded TLS client material before any connection (issue 15): each part must parse, the
// key must be the certificate's, and when the engine refuses the handshake the answer names the
// field that is wrong (a client certificate the given CA did not issue is the usual mistake).
import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { AppError } from "@/lib/errors";

const MESSAGES = {
  ca: "The CA certificate is not a PEM certificate.",
  cert: "The client certificate is not a PEM certificate.",
  key: "The client key is not an unencrypted PEM private key.",
  keyMismatch: "The client key does not belong to the client certificate.",
  notIssued: "The client certificate was not issued by this CA: the engine refuses certificates of other CAs.",
} as const;

function fieldError(path: "tls.ca" | "tls.cert" | "tls.key", key: keyof typeof MESSAGES): AppError {
  return new AppError("VALIDATION", MESSAGES[key], [{ path, message: MESSAGES[key], rule: key }], { i18n: { key: `hostops.tls.${key}` } });
}

function firstCert(pem: string): X509Certificate | null {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!m) return null;
  try {
    return new X509Certificate(m[0]);
  } catch {
    return null;
  }
}

function allCerts(pem: string): X509Certificate[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].flatMap((m) => {
    try {
      return [new X509Certificate(m[0])];
    } catch {
      return [];
    }
  });
}

/** Throws a field error for material that cannot work, whatever the engine says. */
export function checkTlsMaterial(tls: { ca: string; cert: string; key: string }): void {
  if (allCerts(tls.ca).length === 0) throw fieldError("tls.ca", "ca");
  const cert = firstCert(tls.cert);
  if (!cert) throw fieldError("tls.cert", "cert");
  let key: KeyObject;
  try {
    key = createPrivateKey(tls.key);
  } catch {
    throw fieldError("tls.key", "key");
  }
  if (!cert.checkPrivateKey(key)) throw fieldError("tls.key", "keyMismatch");
}

/** After a failed handshake: the field error when the client certificate is not the CA's, else null. */
export function tlsHandshakeFieldError(tls: { ca: string; cert: string }): AppError | null {
  const cert = firstCert(tls.cert);
  if (!cert) return fieldError("tls.cert", "cert");
  const issued = allCerts(tls.ca).some((ca) => {
    try {
      return cert.checkIssued(ca) && cert.verify(ca.publicKey);
    } catch {
      return false;
    }
  });
  return issued ? null : fieldError("tls.cert", "notIssued");
}
