import { signRegistrationCsr } from "@/lib/hostreg";
import { registrationTextRoute } from "../../text-route";

export const POST = registrationTextRoute(({ token, query, body }) => signRegistrationCsr({ token, query, csr: body }), "application/x-pem-file");
