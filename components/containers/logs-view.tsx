"use client";
// Logs of a container or a whole service over the `/logs` namespace (each batch acknowledged, so a
// chatty container is paced by this tab), with tail/since, search in the view and a download.
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { io } from "socket.io-client";
import { Button, Input, Select } from "@/components/ui";
// No imports in log-order.ts: the browser bundle gets the ordering only.
import { mergeLogLines } from "@/lib/containers/log-order";

interface Line {
  containerId: string;
  replica: string;
  stream: "stdout" | "stderr";
  time: string | null;
  text: string;
}
const MAX_LINES = 5000;

export function LogsView({ containerId, serviceId }: { containerId?: string; serviceId?: string }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [follow, setFollow] = useState(true);
  const t = useTranslations("logs");
  const [tail, setTail] = useState("200");
  const [since, setSince] = useState("");
  const [search, setSearch] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState(0);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setLines([]);
    setError(null);
    const s = io("/logs", { transports: ["websocket", "polling"], reconnection: false });
    s.on("lines", (batch: Line[], ack?: () => void) => {
      setLines((l) => mergeLogLines(l, batch, MAX_LINES));
      ack?.();
    });
    s.on("connect_error", () => setError(t("connectFailed")));
    s.on("connect", () => {
      s.emit("follow", { containerId, serviceId, tail: Number(tail) || 0, since: since || undefined }, (r: { ok: boolean; error?: { message: string } }) => {
        if (!r.ok) setError(r.error?.message ?? t("followFailed"));
      });
    });
    return () => {
      s.disconnect();
    };
  }, [containerId, serviceId, tail, since, run, t]);

  useEffect(() => {
    if (follow) bottom.current?.scrollIntoView({ block: "nearest" });
  }, [lines, follow]);

  const shown = useMemo(() => (search ? lines.filter((l) => l.text.toLowerCase().includes(search.toLowerCase())) : lines), [lines, search]);
  const multi = !!serviceId;

  const download = () => {
    const blob = new Blob([lines.map((l) => `${l.time ?? ""} ${multi ? `[${l.replica}] ` : ""}${l.text}`).join("\n") + "\n"], { type: "text/plain" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `logs-${containerId ?? serviceId}.txt`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-xs text-zinc-600">
          {t("tail")}
          <Select value={tail} onChange={(e) => setTail(e.target.value)} className="ml-1 w-24">
            {["50", "200", "1000", "5000"].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-zinc-600">
          {t("since")}
          <Select value={since} onChange={(e) => setSince(e.target.value)} className="ml-1 w-28">
            <option value="">{t("anyTime")}</option>
            {["5m", "1h", "6h", "24h"].map((n) => (
              <option key={n} value={n}>
                {t("last", { window: n })}
              </option>
            ))}
          </Select>
        </label>
        <Input placeholder={t("searchPlaceholder")} value={search} onChange={(e) => setSearch(e.target.value)} className="w-56" aria-label={t("searchLabel")} />
        <label className="flex items-center gap-1 text-xs text-zinc-600">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t("follow")}
        </label>
        <Button size="sm" onClick={() => setRun((r) => r + 1)}>
          {t("reload")}
        </Button>
        <Button size="sm" onClick={download} disabled={!lines.length}>
          {t("download")}
        </Button>
      </div>
      {error && (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
      <div className="h-[28rem] overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100" data-testid="logs">
        {shown.length === 0 && <p className="text-zinc-500">{search ? t("noMatch") : t("empty")}</p>}
        {shown.map((l, i) => (
          <div key={i} className={l.stream === "stderr" ? "text-red-300" : undefined}>
            <span className="text-zinc-500">{l.time ? l.time.slice(11, 19) : ""} </span>
            {multi && <span className="text-sky-400">[{l.replica}] </span>}
            <span className="whitespace-pre-wrap break-all">{l.text}</span>
          </div>
        ))}
        <div ref={bottom} />
      </div>
    </div>
  );
}
