// Catalog import: the archive is the body (application/gzip, application/zip, application/x-tar) or
// the multipart field `file`; ?scope=official|tenant|personal&tenantId=. Answers the per-version report.
import { appError, archiveTooLarge, problem } from "@/lib/errors";
import { apiRoute, created } from "@/lib/http";
import { ARCHIVE_LIMITS, importCatalog } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async ({ actor, req, query }) => {
  if (Number(req.headers.get("content-length") ?? 0) > ARCHIVE_LIMITS.maxArchiveBytes + 64 * 1024) throw archiveTooLarge();
  let archive: Buffer;
  if ((req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const file = (await req.formData()).get("file");
    if (!file || typeof file === "string")
      throw appError("VALIDATION", "templateErrors.fileField", undefined, "Send the archive in the field `file`.", {
        details: [problem("file", "fieldErrors.required", undefined, "Required")],
      });
    archive = Buffer.from(await file.arrayBuffer());
  } else archive = Buffer.from(await req.arrayBuffer());
  return created(await importCatalog({ actor, query, archive }));
});
