// What `service`, `certificate` and `secret` answers may name: objects of the deploying
// environment, inside the caller's tenant scope.
import { db } from "@/lib/db";
import { tenantScope, type Actor } from "@/lib/policy";
import type { AnswerContext } from "./questions";

export function answerContext(actor: Actor, environmentId: string): AnswerContext {
  return {
    async serviceExists(name) {
      // "app/service" (the service of another app of this environment) or a bare service name.
      const [appName, svc] = name.includes("/") ? name.split("/", 2) : [undefined, name];
      const row = await db.service.findFirst({
        where: { AND: [{ environmentId, name: svc }, appName ? { app: { name: appName } } : {}, tenantScope(actor)] },
        select: { id: true },
      });
      return !!row;
    },
    async secretExists(name) {
      const row = await db.portalSecret.findFirst({ where: { AND: [{ environmentId, kind: "secret", name }, tenantScope(actor)] }, select: { id: true } });
      return !!row;
    },
  };
}
