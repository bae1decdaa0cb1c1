// Catalog import: the archive is the body (application/gzip, application/zip, application/x-tar) or
// the multipart field `file`; ?scope=official|tenant|personal&tenantId=. Answers the per-version report.
import { AppError } from "@/lib/errors";
import { apiRoute, created } from "@/lib/http";
import { ARCHIVE_LIMITS, importCatalog } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async ({ actor, req, query }) => {
  if (Number(req.headers.get("content-length") ?? 0) > ARCHIVE_LIMITS.maxArchiveBytes + 64 * 1024)
    throw new AppError("VALIDATION", "The archive is too large.");
  let archive: Buffer;
  if ((req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const file = (await req.formData()).get("file");
    if (!file || typeof file === "string") throw new AppError("VALIDATION", "Send the archive in the field `file`.", [{ path: "file", message: "Required" }]);
    archive = Buffer.from(await file.arrayBuffer());
  } else archive = Buffer.from(await req.arrayBuffer());
  return created(await importCatalog({ actor, query, archive }));
});
