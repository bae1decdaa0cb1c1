import { apiRoute } from "@/lib/http";
import { currentSessionId } from "@/lib/auth";
import { listMySessions, signOutEverywhere } from "@/lib/users";

export const GET = apiRoute(async ({ actor }) => listMySessions({ actor, currentSessionId: await currentSessionId() }));
/** "Sign out everywhere": every browser session of the caller ends. */
export const DELETE = apiRoute(async ({ actor }) => signOutEverywhere({ actor }));
