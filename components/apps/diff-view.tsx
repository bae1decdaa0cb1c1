// A folded line diff of two Compose files. Removed and added lines carry a text marker too (−/+
// and a screen-reader word), so the meaning never depends on color alone.
import { useTranslations } from "next-intl";
import { foldUnchanged, lineDiff } from "./line-diff";

export function DiffView({ before, after, caption }: { before: string; after: string; caption: string }) {
  const t = useTranslations("diff");
  const lines = lineDiff(before, after);
  const changed = lines.some((l) => l.kind !== "same");
  return (
    <figure className="space-y-1">
      <figcaption className="text-sm font-medium text-zinc-800">{caption}</figcaption>
      {!changed ? (
        <p className="text-sm text-zinc-600">{t("identical")}</p>
      ) : (
        <pre className="max-h-96 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 py-2 font-mono text-xs leading-5">
          {foldUnchanged(lines).map((l, i) =>
            l.kind === "fold" ? (
              <div key={i} className="px-3 text-zinc-400 italic">
                … {t("unchanged", { count: l.count })}
              </div>
            ) : (
              <div
                key={i}
                className={l.kind === "add" ? "bg-emerald-50 px-3 text-emerald-900" : l.kind === "del" ? "bg-red-50 px-3 text-red-900" : "px-3 text-zinc-700"}
              >
                <span aria-hidden="true" className="mr-2 select-none">
                  {l.kind === "add" ? "+" : l.kind === "del" ? "−" : " "}
                </span>
                {l.kind !== "same" && <span className="sr-only">{l.kind === "add" ? t("added") : t("removed")}</span>}
                {l.text || " "}
              </div>
            ),
          )}
        </pre>
      )}
    </figure>
  );
}
