// What the region use-cases need, passed in (STYLE.md: services receive their dependencies), wired
// once here for the transports; tests may pass their own.
import { db } from "@/lib/db";
import { seal } from "@/lib/crypto";

export interface RegionDeps {
  db: typeof db;
  /** Seals a registry password at rest (lib/crypto). */
  seal: (plain: string) => string;
}

export const regionDeps: RegionDeps = { db, seal };
