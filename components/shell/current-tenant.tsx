"use client";
// Which tenant the page shows, for the header's tenant switcher: tenant pages carry it in the URL,
// but environment, app, service and container pages do not, and the switcher said "Choose…" there
// (issue 11 item 6). Those pages render <CurrentTenant id=…/>.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

const Ctx = createContext<{ id: string | null; set: (id: string | null) => void }>({ id: null, set: () => undefined });

export function CurrentTenantProvider({ children }: { children: ReactNode }) {
  const [id, set] = useState<string | null>(null);
  return <Ctx.Provider value={{ id, set }}>{children}</Ctx.Provider>;
}

export function useCurrentTenantId(): string | null {
  return useContext(Ctx).id;
}

export function CurrentTenant({ id }: { id: string }) {
  const { set } = useContext(Ctx);
  useEffect(() => {
    set(id);
    return () => set(null);
  }, [id, set]);
  return null;
}
