"use client";
// Import a Rancher 1.x catalog archive (.tar.gz or .zip) into the store (POST /api/v1/templates/import):
// official for admins, else the caller's own templates; shows the per-version report.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui";
import { apiHeaders } from "@/components/live/fetch-json";

interface Report {
  templates: { id: string; name: string; versions: { version: string | null; folder: string; status: string; existing?: boolean; refused: string[] }[] }[];
}

export function ImportCatalogForm({ official }: { official: boolean }) {
  const t = useTranslations("importCatalog");
  const [status, setStatus] = useState("");
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  return (
    <form
      aria-label={t("label")}
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const file = new FormData(e.currentTarget).get("archive") as File | null;
        if (!file || file.size === 0) return setStatus(t("chooseFile"));
        setBusy(true);
        setStatus(t("uploading"));
        setReport(null);
        try {
          const body = new FormData();
          body.set("file", file);
          const r = await fetch(`/api/v1/templates/import?scope=${official ? "official" : "personal"}`, { method: "POST", headers: apiHeaders(), body });
          const json = await r.json();
          if (!r.ok) throw new Error(json?.error?.message ?? t("failed"));
          setReport(json as Report);
          setStatus(t("imported", { count: (json as Report).templates.length }));
          router.refresh();
        } catch (err) {
          setStatus((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          {t("archive")}
          <input type="file" name="archive" accept=".tar.gz,.tgz,.zip,.tar,application/gzip,application/zip" className="block text-sm" />
        </label>
        <Button type="submit" disabled={busy}>
          {busy ? t("importing") : t("import")}
        </Button>
      </div>
      <p role="status" className="text-sm text-zinc-600">
        {status}
      </p>
      {report && (
        <ul className="space-y-1 text-sm" aria-label={t("report")}>
          {report.templates.flatMap((tpl) =>
            tpl.versions.map((v) => (
              <li key={`${tpl.id}-${v.folder}`}>
                <span translate="no">
                  {tpl.name} {v.version ?? v.folder}
                </span>
                : {v.existing ? t("existing") : v.status === "imported" ? t("versionImported") : t("versionRefused", { reasons: v.refused.join("; ") })}
              </li>
            )),
          )}
        </ul>
      )}
    </form>
  );
}
