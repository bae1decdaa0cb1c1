"use client";
// One `/events` socket per page, shared by every live component on it (job progress, deploy
// progress, app state). Components subscribe with an event name and a handler; subscriptions are
// sent again after a reconnect, and ended (unsubscribe-…) when the last component holding one leaves
// while the socket stays for others. `connected` tells queries to stop polling while pushes arrive.
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";

let shared: Socket | null = null;
let users = 0;
/** Components holding each subscription ("subscribe-job\0<id>"): the last one to leave ends it. */
const holders = new Map<string, number>();

function acquire(): Socket {
  if (!shared) shared = io("/events", { transports: ["websocket", "polling"] });
  users++;
  return shared;
}

function release(): void {
  users--;
  if (users <= 0 && shared) {
    shared.disconnect();
    shared = null;
    users = 0;
  }
}

/**
 * Subscribes on the shared socket: `subscribe` is emitted on every (re)connect with its ack
 * handler; `on` maps pushed event names to handlers. Returns whether the socket is connected.
 */
export function useEventsSocket(
  subscribe: { event: string; arg: unknown; onAck?: (r: unknown) => void } | null,
  on: Record<string, (payload: unknown) => void>,
  deps: readonly unknown[],
): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const s = acquire();
    const key = subscribe ? `${subscribe.event}\0${JSON.stringify(subscribe.arg)}` : null;
    if (key) holders.set(key, (holders.get(key) ?? 0) + 1);
    const onConnect = () => {
      setConnected(true);
      if (subscribe) s.emit(subscribe.event, subscribe.arg, (r: unknown) => subscribe.onAck?.(r));
    };
    const onDisconnect = () => setConnected(false);
    s.on("connect", onConnect);
    s.on("disconnect", onDisconnect);
    s.on("connect_error", onDisconnect);
    for (const [name, fn] of Object.entries(on)) s.on(name, fn);
    if (s.connected) onConnect();
    return () => {
      s.off("connect", onConnect);
      s.off("disconnect", onDisconnect);
      s.off("connect_error", onDisconnect);
      for (const [name, fn] of Object.entries(on)) s.off(name, fn);
      if (key && subscribe) {
        const left = (holders.get(key) ?? 1) - 1;
        if (left > 0) holders.set(key, left);
        else {
          holders.delete(key);
          // the server stops pushing it (and reading it for this page); "subscribe-job" → "unsubscribe-job"
          if (s.connected && users > 1) s.emit(`un${subscribe.event}`, subscribe.arg);
        }
      }
      release();
    };
    // The caller names what resubscribes (`subscribe` and `on` are fresh objects every render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return connected;
}
