import { apiRoute } from "@/lib/http";
import { getMySecurity } from "@/lib/users";

export const GET = apiRoute(async ({ actor }) => getMySecurity({ actor }));
