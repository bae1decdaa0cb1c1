// GET ?path= → a file's bytes, or a directory as tar (?list=1: a JSON listing; ?tar=1: tar always).
// PUT ?path=<dir> → body: an uncompressed tar, or one file with ?name=. Streamed both ways.
import { apiRoute } from "@/lib/http";
import { downloadContainerPath, listContainerFiles, uploadToContainer } from "@/lib/containers";

const attachment = (name: string) => `attachment; filename="${name.replace(/[^\w.-]+/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const GET = apiRoute<{ id: string }>(async ({ actor, params, query }) => {
  if (query.list === "1" || query.list === "true") return listContainerFiles({ actor, containerId: params.id, path: query.path });
  const d = await downloadContainerPath({ actor, containerId: params.id, path: query.path, asTar: query.tar === "1" || query.tar === "true" });
  const headers: Record<string, string> = {
    "content-type": d.kind === "tar" ? "application/x-tar" : "application/octet-stream",
    "content-disposition": attachment(d.name),
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  };
  return new Response(d.body, { status: 200, headers });
});

export const PUT = apiRoute<{ id: string }>(async ({ actor, params, query, req }) => {
  const len = req.headers.get("content-length");
  return uploadToContainer({
    actor,
    containerId: params.id,
    path: query.path,
    name: query.name,
    body: req.body,
    contentLength: len === null ? null : Number(len),
  });
});
