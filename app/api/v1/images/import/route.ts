// Official image import: the request body is the `docker save` tar itself (?name=&tag=).
import { archiveTooLarge } from "@/lib/errors";
import { apiRoute, created } from "@/lib/http";
import { MAX_IMPORT_BYTES, importOfficialImage } from "@/lib/images";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async ({ actor, req, query }) => {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_IMPORT_BYTES) throw archiveTooLarge();
  const archive = Buffer.from(await req.arrayBuffer());
  return created(await importOfficialImage({ actor, name: query.name, tag: query.tag, archive }));
});
