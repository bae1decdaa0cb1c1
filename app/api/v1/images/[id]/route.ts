import { apiRoute, noContent } from "@/lib/http";
import { deleteImage, getImage } from "@/lib/images";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getImage({ actor, imageId: params.id }));

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteImage({ actor, imageId: params.id });
  return noContent();
});
