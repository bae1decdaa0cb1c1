import { registrationScriptFor } from "@/lib/hostreg";
import { registrationTextRoute } from "../text-route";

// Plain text so a browser shows the script for reading; `sh` does not care.
export const GET = registrationTextRoute(({ token }) => registrationScriptFor({ token }));
