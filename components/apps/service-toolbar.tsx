"use client";
// Above the Compose editor: the services of the file as it is now (the list follows every edit of
// the YAML), a button to edit the chosen one in the service form, and one to add a service.
import { useId, useMemo, useState } from "react";
import { useTranslations } from "next-intl";
import { Button, Select } from "@/components/ui";
import { listServices, readService } from "@/lib/compose/service-form";
import { ServiceFormDialog, type FileCheck } from "./service-form-dialog";

interface Props {
  environmentId: string;
  text: string;
  onApply: (text: string) => void;
  check: (text: string) => Promise<FileCheck>;
}

export function ServiceToolbar({ environmentId, text, onApply, check }: Props) {
  const t = useTranslations("serviceform");
  const id = useId();
  const services = useMemo(() => listServices(text), [text]);
  const [chosen, setChosen] = useState("");
  const [open, setOpen] = useState<{ service: string | null; text: string } | null>(null);
  const selected = services.includes(chosen) ? chosen : (services[0] ?? "");
  // A file the form cannot read (broken YAML, a list at the top) is fixed in the editor first.
  const unreadable = useMemo(() => {
    if (!text.trim()) return null;
    const r = readService(text, "\u0000");
    return "error" in r && r.error.code !== "noService" ? r.error : null;
  }, [text]);

  return (
    <div role="group" aria-label={t("toolbarLabel")} className="flex flex-wrap items-end gap-2 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2">
      <div className="space-y-1">
        <label htmlFor={id} className="block text-xs font-medium text-zinc-700">
          {t("pickService")}
        </label>
        <Select id={id} value={selected} onChange={(e) => setChosen(e.target.value)} disabled={services.length === 0} className="h-8 w-48 font-mono text-xs">
          {services.length === 0 && <option value="">{t("noServices")}</option>}
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </div>
      <Button size="sm" disabled={!selected || unreadable !== null} onClick={() => setOpen({ service: selected, text })}>
        {t("edit")}
      </Button>
      <Button size="sm" disabled={unreadable !== null} onClick={() => setOpen({ service: null, text })}>
        {t("add")}
      </Button>
      {unreadable && (
        <p className="text-xs text-amber-900">
          {unreadable.code === "yaml" && unreadable.line ? t("unreadable", { line: unreadable.line }) : t("unreadableNoLine")}
        </p>
      )}
      <ServiceFormDialog
        environmentId={environmentId}
        open={open !== null}
        text={open?.text ?? text}
        service={open?.service ?? null}
        onClose={() => setOpen(null)}
        onApply={(next) => {
          onApply(next);
          const names = listServices(next);
          const added = names.find((n) => !services.includes(n));
          if (added) setChosen(added);
        }}
        check={check}
      />
    </div>
  );
}
