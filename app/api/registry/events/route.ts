// Registry notifications (push/delete) → the image index, and copies queued for the other regions
// (lib/replication receiveRegistryEvents). Authenticated by the shared secret the
// portal wrote into the registry's config; anything else is refused before the body is read.
import { appError } from "@/lib/errors";
import { isEventsAuthorization } from "@/lib/registry";
import { registryRoute } from "@/lib/registry/registry-route";
import { receiveRegistryEvents } from "@/lib/replication";

export const dynamic = "force-dynamic";

export const POST = registryRoute(async (req) => {
  if (!isEventsAuthorization(req.headers.get("authorization")))
    throw appError("UNAUTHENTICATED", "registryErrors.notificationSender", undefined, "Unknown notification sender.");
  const raw = await req.text();
  if (raw.length > 4 * 1024 * 1024) throw appError("VALIDATION", "registryErrors.notificationTooLarge", undefined, "Notification too large.");
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw appError("VALIDATION", "registryErrors.notificationNotJson", undefined, "Notification is not JSON.");
  }
  return receiveRegistryEvents(body);
});
