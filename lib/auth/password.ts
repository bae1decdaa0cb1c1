import bcrypt from "bcryptjs";

// bcrypt (pure JS, no native build): cost 10 keeps sign-in around 60 ms on these 2-core machines.
const COST = Number(process.env.CAAS_BCRYPT_COST || 10);

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}
