// The shared secret the registry sends in its notifications' Authorization header. Generated once
// into <data>/registry/events.secret (0600); compared in constant time.
import { randomBytes, timingSafeEqual, createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { registryDir } from "./settings";

export function eventsSecret(): string {
  if (process.env.CAAS_REGISTRY_EVENTS_SECRET) return process.env.CAAS_REGISTRY_EVENTS_SECRET;
  const file = path.join(registryDir(), "events.secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}

export function isEventsAuthorization(header: string | null): boolean {
  if (!header) return false;
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(header), h(`Bearer ${eventsSecret()}`));
}
