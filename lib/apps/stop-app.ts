// Stop an app: every service scaled to 0 (a job).
import type { Actor } from "@/lib/policy";
import { lifecycle } from "./app-lifecycle";

export const stopApp = ({ actor, appId }: { actor: Actor; appId: unknown }) => lifecycle(actor, appId, "app.stop");
