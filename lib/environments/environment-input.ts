import { z } from "@/lib/validation";

export const portRange = z
  .object({ from: z.coerce.number().int().min(1024).max(65535), to: z.coerce.number().int().min(1024).max(65535) })
  .refine((r) => r.from <= r.to, { message: "from must not be greater than to", path: ["to"] });

const absolutePath = z.string().regex(/^\/[A-Za-z0-9._/-]*$/, "An absolute path of letters, digits, . _ - /").refine((p) => !p.split("/").includes(".."), "No .. segments");

/** Fields an owner may set. `tenantId` only on create; strict so mass-assignment attempts fail loudly. */
export const environmentFields = {
  name: z.string().trim().min(1, "Required").max(40).regex(/^[a-z0-9][a-z0-9-]*$/, "Lowercase letters, digits and dashes"),
  description: z.string().max(500).optional(),
  portRange: portRange.optional(),
  publishMode: z.enum(["host", "ingress"]).optional(),
  endpointMode: z.enum(["dnsrr", "vip"]).optional(),
  defaults: z.object({ cpus: z.coerce.number().min(0.01).max(64), memoryMb: z.coerce.number().int().min(4).max(1024 * 1024) }).optional(),
};

export const createEnvironmentInput = z.object({ tenantId: z.string().min(1).max(64), ...environmentFields }).strict();
export const updateEnvironmentInput = z
  .object({ ...environmentFields, name: environmentFields.name.optional(), bindAllowList: z.array(absolutePath).max(50).optional() })
  .strict();
