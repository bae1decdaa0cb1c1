// OIDC provider settings (issue 14). The client secret is the provider's sealed `secret`.
import { z } from "@/lib/validation";

export const oidcSettingsSchema = z
  .object({
    /** The issuer URL; discovery is at <issuer>/.well-known/openid-configuration. */
    issuer: z.string().trim().url().max(500),
    clientId: z.string().trim().min(1).max(300),
    scopes: z.string().trim().max(300).default("openid email profile"),
    /** The ID-token / userinfo claim carrying group names (e.g. "groups"). */
    groupsClaim: z.string().trim().max(100).default("groups"),
    /** The claim with the user's display name. */
    nameClaim: z.string().trim().max(100).default("name"),
  })
  .strict();

export type OidcSettings = z.infer<typeof oidcSettingsSchema>;
