"use client";
// The environment page's tabs (issue 11 item 7). Each tab is a link (?tab=…), so a reload, a
// bookmark or a shared link opens the same tab, and the server renders only the active tab's data.
// The tab list sits at the bottom of the sticky header (name and main actions above it).
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { Tab, TabList, TabPanel, Tabs } from "@/components/ui";

export interface TabItem {
  id: string;
  label: string;
  href: string;
}

export function EnvironmentTabs({
  tabs,
  active,
  label,
  header,
  children,
}: {
  tabs: TabItem[];
  active: string;
  label: string;
  header: ReactNode;
  children: ReactNode;
}) {
  const router = useRouter();
  const go = (id: string) => {
    const tab = tabs.find((t) => t.id === id);
    if (tab && id !== active) router.push(tab.href, { scroll: false });
  };
  return (
    <Tabs value={active} onValueChange={go}>
      {/* Sticky: the name, the main actions and the tabs stay in reach on long tabs. */}
      <div className="sticky top-0 z-20 -mx-4 -mt-6 mb-6 border-b border-zinc-200 bg-zinc-50/95 px-4 pt-6 backdrop-blur md:-mx-8 md:px-8">
        {header}
        <TabList label={label}>
          {tabs.map((t) => (
            <Tab key={t.id} value={t.id} href={t.href}>
              {t.label}
            </Tab>
          ))}
        </TabList>
      </div>
      <TabPanel value={active} className="space-y-6">
        {children}
      </TabPanel>
    </Tabs>
  );
}
