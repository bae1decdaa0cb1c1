"use client";
// Files of a running container: browse a directory, download a file or a directory (tar), upload a
// file or a folder (sent as tar) with a progress bar. Paths are confined on the server (T23).
import { useTranslations } from "next-intl";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button, EmptyState, Input, TBody, Table, Td, Th, THead, Tr, formatBytes, Time } from "@/components/ui";
import { apiHeaders, fetchJson } from "@/components/live/fetch-json";
import type { FileEntry } from "@/lib/containers";
import { TarPathTooLong, tarBlob } from "./browser-tar";

const join = (dir: string, name: string) => (dir === "/" ? `/${name}` : `${dir}/${name}`);
const parent = (dir: string) => (dir === "/" ? "/" : dir.slice(0, dir.lastIndexOf("/")) || "/");

export function FilesView({ containerId, initialPath = "/" }: { containerId: string; initialPath?: string }) {
  const t = useTranslations("files");
  const ui = useTranslations("uiTexts.files");
  const [path, setPath] = useState(initialPath);
  const [typed, setTyped] = useState(initialPath);
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const dirInput = useRef<HTMLInputElement>(null);
  const qc = useQueryClient();
  const key = ["container-files", containerId, path];
  const q = useQuery({
    queryKey: key,
    queryFn: () =>
      fetchJson<{ path: string; items: FileEntry[]; truncated: boolean }>(`/api/v1/containers/${containerId}/files?list=1&path=${encodeURIComponent(path)}`),
    retry: false,
  });
  const base = `/api/v1/containers/${containerId}/files`;

  const go = (p: string) => {
    setPath(p);
    setTyped(p);
  };

  function send(body: Blob, query: string, label: string) {
    setMessage(null);
    setProgress(0);
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", `${base}?path=${encodeURIComponent(path)}${query}`);
    // the refusal in the page's language
    for (const [k, v] of Object.entries(apiHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setProgress(null);
      let text = t("uploaded", { name: label, path });
      if (xhr.status !== 200) {
        try {
          text = JSON.parse(xhr.responseText).error.message;
        } catch {
          text = t("uploadFailed", { status: xhr.status });
        }
      }
      setMessage({ ok: xhr.status === 200, text });
      void qc.invalidateQueries({ queryKey: key });
    };
    xhr.onerror = () => {
      setProgress(null);
      setMessage({ ok: false, text: t("interrupted") });
    };
    xhr.send(body);
  }

  return (
    <div className="space-y-3">
      <form className="flex flex-wrap items-center gap-2" onSubmit={(e) => (e.preventDefault(), go(typed || "/"))}>
        <Input value={typed} onChange={(e) => setTyped(e.target.value)} className="w-80 font-mono text-xs" aria-label={t("directory")} />
        <Button size="sm" type="submit">
          {t("open")}
        </Button>
        <Button size="sm" onClick={() => go(parent(path))} disabled={path === "/"}>
          {t("up")}
        </Button>
        <a className="text-sm text-blue-800 hover:underline" href={`${base}?path=${encodeURIComponent(path)}&tar=1`}>
          {t("downloadTar")}
        </a>
        <span className="grow" />
        <input
          ref={fileInput}
          type="file"
          className="hidden"
          data-testid="upload-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) send(f, `&name=${encodeURIComponent(f.name)}`, f.name);
            e.target.value = "";
          }}
        />
        <input
          ref={dirInput}
          type="file"
          className="hidden"
          {...({ webkitdirectory: "" } as object)}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) {
              try {
                send(tarBlob(files), "", ui("filesCount", { count: files.length }));
              } catch (err) {
                if (!(err instanceof TarPathTooLong)) throw err;
                setMessage({ ok: false, text: ui("pathTooLong", { path: err.path }) });
              }
            }
            e.target.value = "";
          }}
        />
        <Button size="sm" onClick={() => fileInput.current?.click()} disabled={progress !== null}>
          {t("uploadFile")}
        </Button>
        <Button size="sm" onClick={() => dirInput.current?.click()} disabled={progress !== null}>
          {t("uploadFolder")}
        </Button>
      </form>
      {progress !== null && (
        <div
          className="h-2 w-full overflow-hidden rounded bg-zinc-200"
          role="progressbar"
          aria-valuenow={progress}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-label={t("uploadProgress")}
        >
          <div className="h-full bg-blue-600 transition-all" style={{ width: `${progress}%` }} />
        </div>
      )}
      {message && (
        <p className={message.ok ? "text-sm text-green-800" : "text-sm text-red-700"} role="status">
          {message.text}
        </p>
      )}
      {q.error ? (
        <p className="text-sm text-red-700" role="alert">
          {(q.error as Error).message}
        </p>
      ) : !q.data ? (
        <p className="text-sm text-zinc-500">{t("loading")}</p>
      ) : q.data.items.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody", { path: q.data.path })}</EmptyState>
      ) : (
        <Table caption={t("caption", { path: q.data.path })}>
          <THead>
            <Th>{t("colName")}</Th>
            <Th className="text-right">{t("colSize")}</Th>
            <Th>{t("colMode")}</Th>
            <Th>{t("colModified")}</Th>
            <Th>{""}</Th>
          </THead>
          <TBody>
            {q.data.items.map((f) => (
              <Tr key={f.name}>
                <Td className="font-mono text-xs">
                  {f.type === "dir" ? (
                    <button type="button" className="text-blue-800 hover:underline" onClick={() => go(join(path, f.name))}>
                      {f.name}/
                    </button>
                  ) : (
                    <span>
                      {f.name}
                      {f.type === "symlink" ? " →" : ""}
                    </span>
                  )}
                </Td>
                <Td className="text-right text-xs tabular-nums">{f.type === "file" ? formatBytes(f.size) : "—"}</Td>
                <Td className="font-mono text-xs">{f.mode.toString(8).padStart(4, "0")}</Td>
                <Td className="text-xs whitespace-nowrap">
                  <Time value={f.mtime} />
                </Td>
                <Td className="text-right text-xs">
                  {f.type !== "other" && (
                    <a
                      className="text-blue-800 hover:underline"
                      href={`${base}?path=${encodeURIComponent(join(path, f.name))}${f.type === "dir" ? "&tar=1" : ""}`}
                    >
                      {t("download")}
                    </a>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {q.data?.truncated && <p className="text-xs text-zinc-500">{t("truncated", { count: 5000 })}</p>}
    </div>
  );
}
