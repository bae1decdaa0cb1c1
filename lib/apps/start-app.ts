// Start a stopped app: its current revision deployed again (a job).
import type { Actor } from "@/lib/policy";
import { lifecycle } from "./app-lifecycle";

export const startApp = ({ actor, appId }: { actor: Actor; appId: unknown }) => lifecycle(actor, appId, "app.start");
