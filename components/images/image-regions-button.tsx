"use client";
// "Regions" on an image row: where this tag is, per region (present / copying / failed with the
// reason / not replicated), read from GET /api/v1/images/{id}/regions when opened and every two
// seconds while a copy is under way.
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Badge, Button, Dialog, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { fetchJson, POLL_FAST_MS } from "@/components/live/fetch-json";
import { useStoredText } from "@/components/live/use-stored-text";
import type { ImageRegionDto } from "@/lib/images";

const TONE = { present: "green", copying: "blue", failed: "red", missing: "neutral" } as const;

export function ImageRegionsButton({ imageId, image }: { imageId: string; image: string }) {
  const t = useTranslations("imageRegions");
  const text = useStoredText();
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<ImageRegionDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const r = await fetchJson<{ items: ImageRegionDto[] }>(`/api/v1/images/${encodeURIComponent(imageId)}/regions`);
        if (stop) return;
        setRows(r.items);
        setError(null);
        if (r.items.some((i) => i.status === "copying" || (i.status === "failed" && i.nextAttemptAt))) timer = setTimeout(load, POLL_FAST_MS);
      } catch (e) {
        if (!stop) setError(e instanceof Error ? e.message : t("loadFailed"));
      }
    };
    void load();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [open, imageId, t]);
  return (
    <>
      <Button size="sm" variant="secondary" aria-label={t("buttonAria", { image })} onClick={() => setOpen(true)}>
        {t("button")}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t("title", { image })}>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        {!rows && !error && <p className="text-sm text-zinc-600">{t("loading")}</p>}
        {rows && (
          <Table caption={t("caption")}>
            <THead>
              <Th>{t("colRegion")}</Th>
              <Th>{t("colStatus")}</Th>
              <Th>{t("colDetail")}</Th>
            </THead>
            <TBody>
              {rows.map((r) => (
                <Tr key={r.region.id}>
                  <Td>{r.region.displayName}</Td>
                  <Td>
                    <Badge tone={TONE[r.status]}>{t(`status.${r.status}`)}</Badge>
                  </Td>
                  <Td className="text-xs text-zinc-700">
                    {r.region.isDefault
                      ? t("source")
                      : r.status === "failed" && r.error
                        ? text(r.error)
                        : r.status === "missing"
                          ? t("missingHelp")
                          : r.status === "present" && r.lagMs !== null
                            ? t("lag", { ms: r.lagMs })
                            : ""}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Dialog>
    </>
  );
}
