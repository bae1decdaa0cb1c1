import { apiRoute, created, noContent } from "@/lib/http";
import { beginTotpEnrolment, disableTotp } from "@/lib/users";

/** Starts two-factor enrolment: { secret, otpauthUri, qrCode }; active after POST /me/2fa/confirm. */
export const POST = apiRoute(async ({ actor }) => created(await beginTotpEnrolment({ actor })));
/** Turns two-factor authentication off: { password, code }. */
export const DELETE = apiRoute(async ({ actor, body }) => {
  await disableTotp({ actor, input: await body() });
  return noContent();
});
