// Per-service image update: a new revision of the app whose Compose file differs only in this
// service's image tag, deployed like any redeploy (policy, registry access, progress job). The
// answer names the revision it replaced, so "roll back" is the app's rollback to that revision.
import { isMap, parseDocument } from "yaml";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { redeployApp, type DeployAnswer } from "@/lib/apps";
import { parseInput, z } from "@/lib/validation";
import { loadService } from "./services";

const input = z
  .object({
    tag: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/),
  })
  .strict();
const storedOptions = z.object({ remapPorts: z.boolean().optional(), profiles: z.array(z.string()).optional() });

/** `registry:5000/team/web:1.2@sha256:…` → `registry:5000/team/web` (a port is not a tag). */
export function imageRepository(image: string): string {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** The Compose text with `service`'s image replaced (V2/V3 `services:` or V1 top level), comments kept. */
export function withServiceImage(composeText: string, service: string, image: string): string {
  const doc = parseDocument(composeText);
  const path = isMap(doc.get("services")) ? ["services", service] : [service];
  if (!isMap(doc.getIn(path)))
    throw new AppError("CONFLICT", "The service is not in the app's Compose file.", undefined, { i18n: { key: "day2Errors.serviceNotInCompose" } });
  doc.setIn([...path, "image"], image);
  return doc.toString();
}

export async function updateServiceImage({
  actor,
  serviceId,
  input: raw,
}: {
  actor: Actor;
  serviceId: unknown;
  input: unknown;
}): Promise<DeployAnswer & { image: string; previousRevision: number | null }> {
  const svc = await loadService(actor, serviceId);
  authorize(actor, "app.deploy", { tenantId: svc.tenantId, kind: "Service" });
  const { tag } = parseInput(input, raw);
  const current = svc.app.currentRevisionId
    ? await db.appRevision.findFirst({ where: { AND: [{ id: svc.app.currentRevisionId }, { appId: svc.appId }, { tenantId: svc.tenantId }] } })
    : null;
  if (!current)
    throw new AppError("CONFLICT", "This service is not deployed yet; wait for the deploy to finish.", undefined, { i18n: { key: "day2Errors.notDeployed" } });
  const image = `${imageRepository(svc.image)}:${tag}`;
  const compose = withServiceImage(current.composeText, svc.name, image);
  const options = storedOptions.safeParse(JSON.parse(current.optionsJson || "{}"));
  const answer = await redeployApp({
    actor,
    appId: svc.appId,
    input: { compose, ...(options.success ? options.data : {}) },
  });
  return { ...answer, image, previousRevision: current.number };
}
