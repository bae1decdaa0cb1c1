import { completeRegistration } from "@/lib/hostreg";
import { registrationTextRoute } from "../../text-route";

export const POST = registrationTextRoute(({ token, query }) => completeRegistration({ token, query }));
