"use client";
// The web terminal: xterm.js ↔ socket.io `/terminal` (protocol: ../shared/design/API.md Realtime).
// xterm is loaded in the browser only (await import in an effect). Output is acknowledged after
// xterm has parsed it, so a flood (`yes`) is paced by what this tab can draw (T19). Failures are
// written into the terminal in words, with a Reconnect button.
import "@xterm/xterm/css/xterm.css";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { io, type Socket } from "socket.io-client";
import { Button, cn } from "@/components/ui";

type Status = "connecting" | "open" | "closed";

/** Failure codes with an explanation in the catalog (`terminal.explain.*`). */
const EXPLAINED = new Set(["NOT_FOUND", "FORBIDDEN", "NOT_RUNNING", "NO_SHELL", "HOST_UNREACHABLE", "IDLE"]);

export function TerminalView({ containerId }: { containerId: string }) {
  const t = useTranslations("terminal");
  const box = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>("connecting");
  const [shell, setShell] = useState<string | null>(null);
  const [full, setFull] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const fitRef = useRef<(() => void) | null>(null);
  const searchRef = useRef<((term: string, back: boolean) => boolean) | null>(null);
  const [query, setQuery] = useState("");

  useEffect(() => {
    let disposed = false;
    let socket: Socket | null = null;
    let cleanup = () => {};
    (async () => {
      const [{ Terminal }, { FitAddon }, { SearchAddon }, { WebLinksAddon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
        import("@xterm/addon-search"),
        import("@xterm/addon-web-links"),
      ]);
      if (disposed || !box.current) return;
      const term = new Terminal({
        cursorBlink: true,
        fontSize: 13,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace",
        theme: { background: "#18181b" },
        scrollback: 5000,
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      const search = new SearchAddon();
      term.loadAddon(search);
      searchRef.current = (q, back) => (back ? search.findPrevious(q) : search.findNext(q));
      // URLs printed in the terminal open in a new tab, never in the portal's own window.
      term.loadAddon(new WebLinksAddon((_ev, uri) => window.open(uri, "_blank", "noopener,noreferrer")));
      term.open(box.current);
      fit.fit();
      term.focus();
      fitRef.current = () => fit.fit();
      const say = (text: string, color = "33") => term.write(`\r\n\x1b[${color}m${text}\x1b[0m\r\n`);
      term.write(`\x1b[90m${t("connecting")}\x1b[0m`);
      setStatus("connecting");

      // Same origin: the session cookie authenticates the handshake.
      socket = io("/terminal", { transports: ["websocket", "polling"], reconnection: false });
      const s = socket;
      // binary: the shell's bytes, decoded by xterm.js (no UTF-8 decode and JSON escaping per message)
      s.on("connect", () => s.emit("open", { containerId, cols: term.cols, rows: term.rows, binary: true }));
      s.on("connect_error", () => {
        say(t("connectFailed"), "31");
        setStatus("closed");
      });
      s.on("ready", (r: { shell: string }) => {
        term.write("\r\x1b[2K");
        setShell(r.shell);
        setStatus("open");
      });
      s.on("output", (data: string | ArrayBuffer, ack?: () => void) => term.write(typeof data === "string" ? data : new Uint8Array(data), () => ack?.()));
      s.on("failure", (f: { code: string; message: string }) => {
        say(`${EXPLAINED.has(f.code) ? t(`explain.${f.code}` as never) : t("failed")} ${f.message}`, "31");
        setStatus("closed");
      });
      s.on("exit", (e: { code: number | null }) => {
        say(e.code === null ? t("exited") : t("exitedWithCode", { code: e.code }));
        setStatus("closed");
        s.disconnect();
      });
      s.on("disconnect", () => setStatus("closed"));
      const onData = term.onData((d) => s.connected && s.emit("input", d));
      const onResize = term.onResize(({ cols, rows }) => s.connected && s.emit("resize", { cols, rows }));
      // Copy: ctrl+shift+c (ctrl+c stays the shell's interrupt); paste goes through onData.
      term.attachCustomKeyEventHandler((ev) => {
        if (ev.type === "keydown" && ev.ctrlKey && ev.shiftKey && ev.code === "KeyC") {
          void navigator.clipboard?.writeText(term.getSelection());
          return false;
        }
        if (ev.type === "keydown" && ev.ctrlKey && ev.shiftKey && ev.code === "KeyV") {
          void navigator.clipboard?.readText().then((t) => s.connected && s.emit("input", t));
          return false;
        }
        return true;
      });
      const ro = new ResizeObserver(() => fit.fit());
      ro.observe(box.current);
      cleanup = () => {
        ro.disconnect();
        onData.dispose();
        onResize.dispose();
        s.disconnect();
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      socket?.disconnect(); // closing the tab or leaving the page ends the shell (T18)
      cleanup();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new translator (language switch) must not reconnect the shell
  }, [containerId, attempt]);

  useEffect(() => {
    const t = setTimeout(() => fitRef.current?.(), 50);
    return () => clearTimeout(t);
  }, [full]);

  const reconnect = useCallback(() => setAttempt((a) => a + 1), []);

  return (
    <div className={cn("flex flex-col gap-2", full && "fixed inset-0 z-50 bg-zinc-900 p-3")}>
      <div className="flex items-center justify-between gap-2">
        <p className={cn("text-xs", full ? "text-zinc-300" : "text-zinc-600")} aria-live="polite" data-testid="terminal-status">
          {status === "open" ? (shell ? t("connectedShell", { shell }) : t("connected")) : status === "connecting" ? t("connecting") : t("disconnected")} ·{" "}
          {t("clipboardHint")}
        </p>
        <div className="flex gap-2">
          <form
            role="search"
            className="flex gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              searchRef.current?.(query, (e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "prev");
            }}
          >
            <label className="sr-only" htmlFor={`term-search-${containerId}`}>
              {t("searchLabel")}
            </label>
            <input
              id={`term-search-${containerId}`}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t("searchPlaceholder")}
              className="h-8 w-36 rounded-md border border-zinc-300 px-2 text-xs"
            />
            <Button size="sm" type="submit" value="prev" aria-label={t("previousMatch")}>
              ↑
            </Button>
            <Button size="sm" type="submit" value="next" aria-label={t("nextMatch")}>
              ↓
            </Button>
          </form>
          <Button size="sm" onClick={reconnect} disabled={status === "connecting"}>
            {t("reconnect")}
          </Button>
          <Button size="sm" onClick={() => setFull((f) => !f)}>
            {full ? t("exitFullScreen") : t("fullScreen")}
          </Button>
        </div>
      </div>
      <div ref={box} data-testid="terminal" className={cn("overflow-hidden rounded-md bg-zinc-900 p-2", full ? "flex-1" : "h-[28rem]")} />
    </div>
  );
}
