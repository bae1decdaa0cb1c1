import { apiRoute } from "@/lib/http";
import { getMe } from "@/lib/users";

export const GET = apiRoute(({ actor }) => getMe({ actor }));
