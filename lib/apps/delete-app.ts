// Delete an app: its engine objects, then its leases and rows (a job).
import type { Actor } from "@/lib/policy";
import { lifecycle } from "./app-lifecycle";

export const deleteApp = ({ actor, appId }: { actor: Actor; appId: unknown }) => lifecycle(actor, appId, "app.delete");
