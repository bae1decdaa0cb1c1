"use client";
// Admins: upload a `docker save` tarball as official/<name>:<tag> (POST /api/v1/images/import).
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button, Input } from "@/components/ui";
import { apiHeaders } from "@/components/live/fetch-json";

export function ImportOfficialForm() {
  const t = useTranslations("importImage");
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  return (
    <form
      aria-label={t("label")}
      className="flex flex-wrap items-end gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const file = fd.get("archive") as File | null;
        if (!file || file.size === 0) return setStatus(t("chooseFile"));
        setBusy(true);
        setStatus(t("uploading"));
        try {
          const q = new URLSearchParams({ name: String(fd.get("name") ?? ""), tag: String(fd.get("tag") || "latest") });
          const r = await fetch(`/api/v1/images/import?${q}`, { method: "POST", headers: apiHeaders({ "content-type": "application/x-tar" }), body: file });
          const body = await r.json();
          if (!r.ok) throw new Error(body?.error?.message ?? t("failed"));
          setStatus(t("imported", { ref: `${body.repository}:${body.tag}`, digest: `${String(body.digest).slice(0, 19)}…` }));
          router.refresh();
        } catch (err) {
          setStatus((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="text-sm">
        {t("name")}
        <Input name="name" required pattern="[a-z0-9]+([._-][a-z0-9]+)*" />
      </label>
      <label className="text-sm">
        {t("tag")}
        <Input name="tag" defaultValue="latest" />
      </label>
      <label className="text-sm">
        {t("archive")}
        <input type="file" name="archive" accept=".tar,application/x-tar" className="block text-sm" />
      </label>
      <Button type="submit" disabled={busy}>
        {busy ? t("importing") : t("import")}
      </Button>
      <p role="status" className="w-full text-sm text-zinc-600">
        {status}
      </p>
    </form>
  );
}
