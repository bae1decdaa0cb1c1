import { apiRoute, noContent } from "@/lib/http";
import { currentSessionId } from "@/lib/auth";
import { changeMyPassword } from "@/lib/users";

/** The caller's own password: { currentPassword, newPassword }. Other browser sessions end. */
export const POST = apiRoute(async ({ actor, body }) => {
  await changeMyPassword({ actor, input: await body(), currentSessionId: await currentSessionId() });
  return noContent();
});
