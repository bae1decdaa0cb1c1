"use client";
// The container page's tabs. Only the open tab is mounted: leaving the Terminal tab closes its
// socket, which ends the shell (T18); the Logs tab stops following. The open tab is in ?tab=.
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { Tab, TabList, TabPanel, Tabs } from "@/components/ui";
import { TerminalView } from "@/components/terminal/terminal-view";
import { LogsView } from "./logs-view";
import { StatsView } from "./stats-view";
import { FilesView } from "./files-view";

export type TabId = "terminal" | "logs" | "stats" | "files" | "inspect";

export function ContainerTabs({
  containerId,
  running,
  canExec,
  canFiles,
  inspect,
}: {
  containerId: string;
  running: boolean;
  canExec: boolean;
  canFiles: boolean;
  inspect: ReactNode;
}) {
  const tr = useTranslations("container");
  const params = useSearchParams();
  const router = useRouter();
  const tabs: { id: TabId; label: string; show: boolean }[] = [
    { id: "terminal", label: tr("tabs.terminal"), show: canExec },
    { id: "logs", label: tr("tabs.logs"), show: true },
    { id: "stats", label: tr("tabs.stats"), show: true },
    { id: "files", label: tr("tabs.files"), show: canFiles },
    { id: "inspect", label: tr("tabs.inspect"), show: true },
  ];
  const visible = tabs.filter((t) => t.show);
  const requested = params.get("tab") as TabId | null;
  const [tab, setTab] = useState<TabId>(visible.find((t) => t.id === requested)?.id ?? visible[0].id);
  const choose = (id: TabId) => {
    setTab(id);
    router.replace(`?tab=${id}`, { scroll: false });
  };
  const notRunning = <p className="text-sm text-zinc-600">{tr("notRunning")}</p>;
  return (
    <Tabs value={tab} onValueChange={(v) => choose(v as TabId)}>
      <div className="mb-4 border-b border-zinc-200">
        <TabList label={tr("eyebrow")}>
          {visible.map((t) => (
            <Tab key={t.id} value={t.id}>
              {t.label}
            </Tab>
          ))}
        </TabList>
      </div>
      <TabPanel value={tab}>
        {tab === "terminal" && (running ? <TerminalView containerId={containerId} /> : notRunning)}
        {tab === "logs" && <LogsView containerId={containerId} />}
        {tab === "stats" && <StatsView containerId={containerId} />}
        {tab === "files" && (running ? <FilesView containerId={containerId} /> : notRunning)}
        {tab === "inspect" && inspect}
      </TabPanel>
    </Tabs>
  );
}
