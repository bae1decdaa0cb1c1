import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { tenantScope, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import { APP_INCLUDE } from "./app-dto";

/** An app inside the caller's tenant scope (other tenants' ids are not found), with its environment. */
export async function loadApp(actor: Actor, appId: unknown) {
  const aid = parseInput(id, appId);
  const app = await db.app.findFirst({ where: { AND: [{ id: aid }, tenantScope(actor)] }, include: { ...APP_INCLUDE, environment: true } });
  if (!app) throw notFound("App");
  return app;
}
