"use client";
// The add/edit service form beside the Compose editor: a dialog (its own <form>, portaled out of
// the deploy form) that reads one service of the current file (lib/compose/service-form.ts),
// shows the YAML it would write as you type, and on Enter checks the values — first the form's
// own checks, then the whole rewritten file through the same validate endpoint the editor uses —
// with each problem under its field in the page's language. When nothing is wrong the editor
// gets the file with that service rewritten and everything else as it was.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Button, Dialog, Field, Input, Select, cn, focusRing } from "@/components/ui";
import { fetchJson } from "@/components/live/fetch-json";
import {
  checkServiceForm,
  emptyService,
  fieldOfPath,
  listServices,
  readService,
  serviceSnippet,
  writeService,
  type FormProblem,
  type ServiceFormValue,
} from "@/lib/compose/service-form";
import type { ComposeDetail } from "./compose-editor";

/** The validate endpoint's verdict on a whole file: ok, its problems, or unreachable. */
export type FileCheck = { state: "ok" } | { state: "problems"; details: ComposeDetail[] } | { state: "error" };

interface Props {
  environmentId: string;
  /** The file as it is in the editor when the dialog opens. */
  text: string;
  /** The service to edit; null adds one. */
  service: string | null;
  open: boolean;
  onClose: () => void;
  onApply: (text: string) => void;
  check: (text: string) => Promise<FileCheck>;
}

type Errors = Record<string, string>;
const PROTOCOLS = ["tcp", "udp"] as const;

export function ServiceFormDialog(props: Props) {
  const t = useTranslations("serviceform");
  // The Dialog portals to <body>, out of the deploy form (no nested <form>).
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      title={props.service ? t("titleEdit", { name: props.service }) : t("titleAdd")}
      description={t("description")}
      className="max-w-5xl"
    >
      <ServiceForm {...props} />
    </Dialog>
  );
}

function ServiceForm({ environmentId, text, service, onClose, onApply, check }: Props) {
  const t = useTranslations("serviceform");
  const initial = useMemo(() => {
    if (service === null) return emptyService(nextName(listServices(text)));
    const r = readService(text, service);
    return "value" in r ? r.value : emptyService(service);
  }, [text, service]);
  const [v, setV] = useState<ServiceFormValue>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [checking, setChecking] = useState(false);
  const [images, setImages] = useState<string[]>([]);
  const [secrets, setSecrets] = useState<string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const others = useMemo(() => listServices(text).filter((n) => n !== service), [text, service]);

  useEffect(() => {
    let live = true;
    fetchJson<{ items: { reference: string }[] }>("/api/v1/images")
      .then((r) => live && setImages([...new Set(r.items.map((i) => i.reference))]))
      .catch(() => undefined);
    fetchJson<{ items: { name: string }[] }>(`/api/v1/environments/${encodeURIComponent(environmentId)}/secrets`)
      .then((r) => live && setSecrets(r.items.map((s) => s.name)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [environmentId]);

  const set = <K extends keyof ServiceFormValue>(k: K, value: ServiceFormValue[K]) => setV((old) => ({ ...old, [k]: value }));
  const setRow = <K extends "ports" | "environment" | "volumes">(k: K, i: number, patch: Partial<ServiceFormValue[K][number]>) =>
    setV((old) => ({ ...old, [k]: old[k].map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  const removeRow = (k: "ports" | "environment" | "volumes" | "constraints" | "secrets", i: number) =>
    setV((old) => ({ ...old, [k]: (old[k] as unknown[]).filter((_, j) => j !== i) }));

  // The field labels, also what a problem's message names.
  const label = (field: string): string => {
    const [head, idx, sub] = field.split(".");
    const n = Number(idx) + 1;
    const rows: Record<string, string> = {
      "ports.published": t("portPublished", { n }),
      "ports.target": t("portTarget", { n }),
      "environment.name": t("envName", { n }),
      "volumes.source": t("volumeSource", { n }),
      "volumes.target": t("volumeTarget", { n }),
    };
    if (sub && rows[`${head}.${sub}`]) return rows[`${head}.${sub}`];
    if (head === "constraints" && idx) return t("constraint", { n });
    if (head === "secrets") return t("secrets");
    const single: Record<string, string> = {
      name: t("name"),
      image: t("image"),
      command: t("command"),
      replicas: t("replicas"),
      "healthcheck.test": t("healthTest"),
      "healthcheck.interval": t("healthInterval"),
      "healthcheck.retries": t("healthRetries"),
      "limits.cpus": t("limitsCpus"),
      "limits.memory": t("limitsMemory"),
      "reservations.cpus": t("reservationsCpus"),
      "reservations.memory": t("reservationsMemory"),
    };
    return single[field] ?? t(head as "ports");
  };
  const message = (p: FormProblem) => t(`problems.${p.code}` as "problems.required", { field: label(p.field), name: "", max: "", ...p.params });

  const preview = useMemo(() => {
    if (checkServiceForm(v, { otherServices: others }).length) return "";
    try {
      return serviceSnippet(writeService(text, service, v), v.name.trim());
    } catch {
      return "";
    }
  }, [v, text, service, others]);

  function focusFirstInvalid() {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    e.stopPropagation(); // React events bubble through the portal: the deploy form must not see it
    if (checking) return;
    const own = checkServiceForm(v, { otherServices: others });
    if (own.length) {
      setErrors(collect(own.map((p) => [p.field, message(p)])));
      focusFirstInvalid();
      return;
    }
    const next = writeService(text, service, v);
    setChecking(true);
    const verdict = await check(next);
    setChecking(false);
    if (verdict.state === "problems") {
      const mine = verdict.details
        .map((d) => [fieldOfPath(d.path, v.name.trim(), v), d.rule ? `[${d.rule}] ${d.message}` : d.message] as const)
        .filter((x): x is [string, string] => x[0] !== null);
      if (mine.length) {
        setErrors(collect(mine));
        focusFirstInvalid();
        return;
      }
    }
    setErrors({});
    onApply(next);
    onClose();
  }

  const err = (field: string) => errors[field];
  const general = errors.service;
  const problemCount = Object.keys(errors).length;

  return (
    <form ref={formRef} aria-label={t("formLabel")} noValidate onSubmit={submit} className="space-y-4">
      {problemCount > 0 && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <p className="font-medium">{t("problemsHeading", { count: problemCount })}</p>
          {general && <p>{t("serviceProblem", { message: general })}</p>}
        </div>
      )}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="max-h-[65vh] space-y-4 overflow-auto pr-1">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_8rem]">
            <Field label={t("name")} hint={t("nameHint")} error={err("name")}>
              <Input value={v.name} onChange={(e) => set("name", e.target.value)} autoComplete="off" spellCheck={false} data-autofocus />
            </Field>
            <ImageCombobox label={t("image")} hint={t("imageHint")} error={err("image")} value={v.image} options={images} onChange={(s) => set("image", s)} />
            <Field label={t("replicas")} error={err("replicas")}>
              <Input value={v.replicas} onChange={(e) => set("replicas", e.target.value)} inputMode="numeric" autoComplete="off" />
            </Field>
          </div>
          <Field label={t("command")} hint={t("commandHint")} error={err("command")}>
            <Input value={v.command} onChange={(e) => set("command", e.target.value)} autoComplete="off" spellCheck={false} className="font-mono" />
          </Field>

          <Group title={t("ports")} hint={t("portsHint")} error={err("ports")}>
            {v.ports.map((p, i) => (
              <Row key={i} onRemove={() => removeRow("ports", i)} removeLabel={t("removePort", { n: i + 1 })}>
                <Field label={t("portPublished", { n: i + 1 })} error={err(`ports.${i}.published`)} className="w-32">
                  <Input value={p.published} onChange={(e) => setRow("ports", i, { published: e.target.value })} inputMode="numeric" autoComplete="off" />
                </Field>
                <Field label={t("portTarget", { n: i + 1 })} error={err(`ports.${i}.target`)} className="w-32">
                  <Input value={p.target} onChange={(e) => setRow("ports", i, { target: e.target.value })} inputMode="numeric" autoComplete="off" />
                </Field>
                <Field label={t("portProtocol", { n: i + 1 })} className="w-28">
                  <Select value={p.protocol} onChange={(e) => setRow("ports", i, { protocol: e.target.value === "udp" ? "udp" : "tcp" })}>
                    {PROTOCOLS.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Check label={t("portHostMode", { n: i + 1 })} checked={p.hostMode} onChange={(c) => setRow("ports", i, { hostMode: c })} />
              </Row>
            ))}
            <AddButton onClick={() => set("ports", [...v.ports, { published: "", target: "", protocol: "tcp", hostMode: false }])}>{t("addPort")}</AddButton>
          </Group>

          <Group title={t("environment")} error={err("environment")}>
            {v.environment.map((e, i) => (
              <Row key={i} onRemove={() => removeRow("environment", i)} removeLabel={t("removeEnv", { n: i + 1 })}>
                <Field label={t("envName", { n: i + 1 })} error={err(`environment.${i}.name`)} className="w-56">
                  <Input
                    value={e.name}
                    onChange={(x) => setRow("environment", i, { name: x.target.value })}
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                  />
                </Field>
                <Field label={t("envValue", { n: i + 1 })} className="min-w-48 flex-1">
                  <Input
                    value={e.value}
                    onChange={(x) => setRow("environment", i, { value: x.target.value })}
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                  />
                </Field>
              </Row>
            ))}
            <AddButton onClick={() => set("environment", [...v.environment, { name: "", value: "" }])}>{t("addEnv")}</AddButton>
          </Group>

          <Group title={t("secrets")} hint={secrets.length || v.secrets.length ? t("secretsHint") : t("secretsNone")} error={firstOf(errors, "secrets")}>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {[...new Set([...secrets, ...v.secrets])].map((name) => (
                <Check
                  key={name}
                  label={name}
                  mono
                  checked={v.secrets.includes(name)}
                  onChange={(c) => set("secrets", c ? [...v.secrets, name] : v.secrets.filter((s) => s !== name))}
                />
              ))}
            </div>
          </Group>

          <Group title={t("volumes")} error={err("volumes")}>
            {v.volumes.map((vol, i) => (
              <Row key={i} onRemove={() => removeRow("volumes", i)} removeLabel={t("removeVolume", { n: i + 1 })}>
                <Field label={t("volumeSource", { n: i + 1 })} error={err(`volumes.${i}.source`)} className="min-w-48 flex-1">
                  <Input
                    value={vol.source}
                    onChange={(e) => setRow("volumes", i, { source: e.target.value })}
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                  />
                </Field>
                <Field label={t("volumeTarget", { n: i + 1 })} error={err(`volumes.${i}.target`)} className="min-w-48 flex-1">
                  <Input
                    value={vol.target}
                    onChange={(e) => setRow("volumes", i, { target: e.target.value })}
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                  />
                </Field>
                <Check label={t("volumeReadOnly", { n: i + 1 })} checked={vol.readOnly} onChange={(c) => setRow("volumes", i, { readOnly: c })} />
              </Row>
            ))}
            <AddButton onClick={() => set("volumes", [...v.volumes, { source: "", target: "", readOnly: false }])}>{t("addVolume")}</AddButton>
          </Group>

          <Group title={t("healthcheck")}>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)_minmax(0,1fr)]">
              <Field label={t("healthTest")} hint={t("healthTestHint")} error={err("healthcheck.test")}>
                <Input
                  value={v.healthcheck.test}
                  onChange={(e) => set("healthcheck", { ...v.healthcheck, test: e.target.value })}
                  autoComplete="off"
                  spellCheck={false}
                  className="font-mono"
                />
              </Field>
              <Field label={t("healthInterval")} error={err("healthcheck.interval")}>
                <Input value={v.healthcheck.interval} onChange={(e) => set("healthcheck", { ...v.healthcheck, interval: e.target.value })} autoComplete="off" />
              </Field>
              <Field label={t("healthRetries")} error={err("healthcheck.retries")}>
                <Input
                  value={v.healthcheck.retries}
                  onChange={(e) => set("healthcheck", { ...v.healthcheck, retries: e.target.value })}
                  inputMode="numeric"
                  autoComplete="off"
                />
              </Field>
            </div>
          </Group>

          <Group title={t("resources")} hint={t("resourcesHint")}>
            <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {(["limits", "reservations"] as const).flatMap((kind) =>
                (["cpus", "memory"] as const).map((k) => (
                  <Field key={`${kind}.${k}`} label={label(`${kind}.${k}`)} error={err(`${kind}.${k}`)}>
                    <Input value={v[kind][k]} onChange={(e) => set(kind, { ...v[kind], [k]: e.target.value })} autoComplete="off" />
                  </Field>
                )),
              )}
            </div>
          </Group>

          <Group title={t("constraints")} hint={t("constraintHint")} error={err("constraints")}>
            {v.constraints.map((c, i) => (
              <Row key={i} onRemove={() => removeRow("constraints", i)} removeLabel={t("removeConstraint", { n: i + 1 })}>
                <Field label={t("constraint", { n: i + 1 })} error={err(`constraints.${i}`)} className="min-w-64 flex-1">
                  <Input
                    value={c}
                    onChange={(e) =>
                      set(
                        "constraints",
                        v.constraints.map((x, j) => (j === i ? e.target.value : x)),
                      )
                    }
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                  />
                </Field>
              </Row>
            ))}
            <AddButton onClick={() => set("constraints", [...v.constraints, ""])}>{t("addConstraint")}</AddButton>
          </Group>
        </div>

        <section aria-label={t("preview")} className="space-y-2">
          <h3 className="text-sm font-semibold text-zinc-900">{t("preview")}</h3>
          {preview ? (
            <pre
              data-testid="service-form-preview"
              className="max-h-[60vh] overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-5"
            >
              {preview}
            </pre>
          ) : (
            <p className="text-sm text-zinc-600">{t("previewEmpty")}</p>
          )}
        </section>
      </div>

      <div className="flex flex-wrap items-center justify-end gap-3 border-t border-zinc-200 pt-3">
        <p className="mr-auto text-xs text-zinc-500" aria-live="polite">
          {checking ? t("checking") : t("keyboardHint")}
        </p>
        <Button onClick={onClose}>{t("cancel")}</Button>
        <Button type="submit" variant="primary" loading={checking}>
          {service ? t("applyEdit") : t("apply")}
        </Button>
      </div>
    </form>
  );
}

function collect(entries: readonly (readonly [string, string])[]): Errors {
  const out: Errors = {};
  for (const [f, m] of entries) out[f] = out[f] ? `${out[f]}\n${m}` : m;
  return out;
}

const firstOf = (errors: Errors, prefix: string) =>
  Object.entries(errors)
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
    .map(([, m]) => m)
    .join("\n") || undefined;

/** app, app-2, app-3…: a name the file does not use yet. */
function nextName(taken: string[]): string {
  if (!taken.includes("app")) return "app";
  let i = 2;
  while (taken.includes(`app-${i}`)) i++;
  return `app-${i}`;
}

function Group({ title, hint, error, children }: { title: string; hint?: string; error?: string; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset className="space-y-2 rounded-md border border-zinc-200 px-3 pt-1 pb-3" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend className="px-1 text-sm font-semibold text-zinc-900">{title}</legend>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {error && <p className="text-xs font-medium whitespace-pre-line text-red-700">{error}</p>}
      {children}
    </fieldset>
  );
}

function Row({ children, onRemove, removeLabel }: { children: ReactNode; onRemove: () => void; removeLabel: string }) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      {children}
      <Button size="sm" variant="ghost" onClick={onRemove} aria-label={removeLabel} className="mb-1">
        ×
      </Button>
    </div>
  );
}

function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button size="sm" onClick={onClick}>
      + {children}
    </Button>
  );
}

function Check({ label, checked, onChange, mono }: { label: string; checked: boolean; onChange: (c: boolean) => void; mono?: boolean }) {
  const id = useId();
  return (
    <div className="flex h-10 items-center gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className={cn("h-4 w-4 rounded border-zinc-300 accent-blue-700", focusRing)}
      />
      <label htmlFor={id} className={cn("text-sm text-zinc-800", mono && "font-mono")}>
        {label}
      </label>
    </div>
  );
}

/** A text input with a list of suggestions (ARIA combobox): arrows move, Enter picks, Esc closes the list. */
function ImageCombobox({
  label,
  hint,
  error,
  value,
  options,
  onChange,
}: {
  label: string;
  hint: string;
  error?: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
}) {
  const t = useTranslations("serviceform");
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = value.trim().toLowerCase();
  const shown = options.filter((o) => !q || o.toLowerCase().includes(q)).slice(0, 20);

  function pick(o: string) {
    onChange(o);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) setOpen(true);
      const n = shown.length;
      if (n) setActive((a) => (e.key === "ArrowDown" ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === "Enter" && open && active >= 0 && shown[active]) {
      e.preventDefault();
      pick(shown[active]);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      e.stopPropagation(); // closes the list, not the dialog
      setOpen(false);
    }
  }

  return (
    <Field label={label} hint={hint} error={error}>
      <div className="relative">
        <Input
          role="combobox"
          aria-expanded={open && shown.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
        />
        {open && (
          <ul
            id={listId}
            role="listbox"
            aria-label={t("imageSuggestions")}
            className="absolute z-10 mt-1 max-h-60 w-full overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-xs shadow-lg"
          >
            {shown.length === 0 && <li className="px-3 py-1.5 text-zinc-500">{t("imageNone")}</li>}
            {shown.map((o, i) => (
              <li
                key={o}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o);
                }}
                className={cn("cursor-pointer px-3 py-1.5 font-mono", i === active ? "bg-blue-50 text-blue-900" : "hover:bg-zinc-50")}
              >
                {o}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Field>
  );
}
