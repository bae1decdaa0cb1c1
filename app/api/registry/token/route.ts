// Docker registry token endpoint (distribution token spec): Basic credentials → short-lived RS256
// token with requested ∩ allowed access. Public by nature; see lib/registry/issue-token.ts.
import { issueRegistryToken } from "@/lib/registry";
import { registryRoute } from "@/lib/registry/registry-route";
import { clientAddress } from "@/lib/identity/client-address";

export const dynamic = "force-dynamic";

export const GET = registryRoute(async (req) =>
  issueRegistryToken({
    authorization: req.headers.get("authorization"),
    service: req.nextUrl.searchParams.get("service") ?? undefined,
    scopes: req.nextUrl.searchParams.getAll("scope"),
    address: clientAddress(req.headers),
  }),
);
