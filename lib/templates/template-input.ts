import { z } from "@/lib/validation";
import { questionsSchema } from "./questions";

/** Same bound as an app's Compose file (the deploy checks it again). */
const composeText = z
  .string()
  .min(1, "Paste a Compose file")
  .max(256 * 1024, "At most 256 KiB");

export const ICON_MAX = 64 * 1024;
export const metadataFields = {
  name: z.string().trim().min(1, "Required").max(80),
  description: z.string().trim().max(2000).optional(),
  category: z.string().trim().max(60).optional(),
  icon: z
    .string()
    .max(ICON_MAX, "At most 64 KiB")
    .regex(/^data:image\/(png|svg\+xml|jpeg|gif);base64,[A-Za-z0-9+/=]+$/, "A data: URL of a PNG, SVG, JPEG or GIF image")
    .nullable()
    .optional(),
  readme: z.string().max(100_000).optional(),
  maintainer: z.string().trim().max(200).optional(),
};

export const versionLabel = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, "Letters, digits and . _ + -");

export const versionInput = z
  .object({
    version: versionLabel,
    compose: composeText,
    questions: questionsSchema.default([]),
    upgradeFrom: z.string().max(200).optional(),
    notes: z.string().max(10_000).optional(),
  })
  .strict();
