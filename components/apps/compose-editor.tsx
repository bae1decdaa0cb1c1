"use client";
// The Compose editor of the deploy and redeploy forms: CodeMirror 6 in YAML mode with line
// numbers. As you type (debounced) the file goes to POST /environments/{id}/apps/validate — the
// deploy path up to the engine, writing nothing — and every problem is underlined at its line (the
// server's line/column, else the line its key path points at); beside the editor, the normalized
// view the portal would deploy. The form still submits the text through a hidden field, and the
// problems of the last submit stay listed above the editor (each a button to its line).
import { useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { placeholder as placeholderText } from "@codemirror/view";
import { yaml } from "@codemirror/lang-yaml";
import { forceLinting, linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { Badge, Button } from "@/components/ui";
import { useFormState } from "@/components/ui/form-context";
import { apiHeaders } from "@/components/live/fetch-json";
import { composeProblems, type ComposeProblem } from "./compose-field";
import { variablesFromText } from "@/app/_lib/app-form";
import { locateLine } from "./compose-locate";
import { ComposePreview, type ValidateAnswer } from "./compose-preview";
import { ServiceToolbar } from "./service-toolbar";
import type { FileCheck } from "./service-form-dialog";

export interface ComposeDetail {
  path: string;
  message: string;
  rule?: string;
  line?: number;
  column?: number;
}

export type LiveCheck =
  | { state: "idle" | "checking" }
  | { state: "ok"; answer: ValidateAnswer }
  | { state: "problems"; message: string; details: ComposeDetail[] }
  | { state: "error"; message: string };

/** KEY=value lines → object: the server's own form reading (app/_lib/app-form.ts). */
export const variablesFromLines = (text: string): Record<string, string> | undefined => variablesFromText(text);

/** A problem's range in the document: the server's line (1-based) and column, else its key path's line. */
export function problemRange(doc: string, p: { path: string; line?: number; column?: number }): { line: number; from: number; to: number } {
  const lines = doc.split("\n");
  const zeroBased = p.line !== undefined ? Math.min(Math.max(p.line - 1, 0), lines.length - 1) : (locateLine(doc, p.path) ?? 0);
  let from = 0;
  for (let i = 0; i < zeroBased; i++) from += lines[i].length + 1;
  const text = lines[zeroBased] ?? "";
  const indent = text.length - text.trimStart().length;
  const start = p.column !== undefined && p.line !== undefined ? Math.min(p.column - 1, text.length) : indent;
  return { line: zeroBased + 1, from: from + start, to: from + Math.max(text.length, start) };
}

interface Props {
  environmentId: string;
  name?: string;
  defaultValue?: string;
  placeholder?: string;
  hint?: string;
  /** The app's name when it exists already (redeploy): its services keep their leased ports. */
  appName?: string;
  ignore: (path: string) => boolean;
}

const CHECK_DELAY_MS = 600;

export function ComposeEditor({ environmentId, name = "compose", defaultValue = "", placeholder, hint, appName, ignore }: Props) {
  const t = useTranslations("compose");
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const hidden = useRef<HTMLTextAreaElement>(null);
  const view = useRef<EditorView | null>(null);
  const upload = useRef<HTMLInputElement>(null);
  const [check, setCheck] = useState<LiveCheck>({ state: "idle" });
  // The file's text as the service form sees it (its services list follows every edit).
  const [docText, setDocText] = useState(defaultValue);
  const submitted = composeProblems(useFormState()?.fields ?? {}, ignore);
  const submittedRef = useRef<ComposeProblem[]>(submitted);
  submittedRef.current = submitted;

  /** What the validate endpoint is sent for `doc`: the file with the form's name, variables, option. */
  function requestBody(doc: string) {
    const form = host.current?.closest("form");
    const control = (n: string) => form?.elements.namedItem(n) as HTMLInputElement | HTMLTextAreaElement | null;
    const typedName = control("name")?.value.trim() || appName;
    const variables = variablesFromLines(control("variables")?.value ?? "");
    const remap = control("remapPorts");
    return {
      ...(typedName && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(typedName) ? { name: typedName } : {}),
      compose: doc,
      ...(variables ? { variables } : {}),
      ...(remap && "checked" in remap && remap.checked ? { remapPorts: true } : {}),
    };
  }

  /** The service form's check of a whole rewritten file (the same endpoint as the editor's). */
  async function checkFile(doc: string): Promise<FileCheck> {
    try {
      const res = await fetch(`/api/v1/environments/${encodeURIComponent(environmentId)}/apps/validate`, {
        method: "POST",
        headers: apiHeaders({ "content-type": "application/json" }),
        body: JSON.stringify(requestBody(doc)),
      });
      if (res.ok) return { state: "ok" };
      const answer = await res.json().catch(() => null);
      if (res.status === 400 || res.status === 422) return { state: "problems", details: (answer?.error?.details ?? []) as ComposeDetail[] };
      return { state: "error" };
    } catch {
      return { state: "error" };
    }
  }

  useEffect(() => {
    if (!host.current) return;
    const form = host.current.closest("form");

    async function validate(v: EditorView): Promise<Diagnostic[]> {
      const doc = v.state.doc.toString();
      if (!doc.trim()) {
        setCheck({ state: "idle" });
        return [];
      }
      setCheck({ state: "checking" });
      const body = requestBody(doc);
      let res: Response;
      try {
        res = await fetch(`/api/v1/environments/${encodeURIComponent(environmentId)}/apps/validate`, {
          method: "POST",
          headers: apiHeaders({ "content-type": "application/json" }),
          body: JSON.stringify(body),
        });
      } catch {
        setCheck({ state: "error", message: t("checkUnavailable") });
        return [];
      }
      const answer = await res.json().catch(() => null);
      if (v.state.doc.toString() !== doc) return []; // typed on meanwhile: the next round answers
      if (res.ok) {
        const a = answer as ValidateAnswer;
        setCheck({ state: "ok", answer: a });
        return a.warnings.map((w) => ({ ...problemRange(doc, w), severity: "warning" as const, message: w.localizedMessage ?? w.message, source: w.path }));
      }
      const err = answer?.error as { message?: string; details?: ComposeDetail[] } | undefined;
      const details = (err?.details ?? []).filter((d) => !ignore(d.path) || d.path === "compose");
      if (res.status === 400 || res.status === 422) {
        setCheck({ state: "problems", message: err?.message ?? t("checkFailed"), details });
        const found = details.length ? details : [{ path: "", message: err?.message ?? t("checkFailed") }];
        return found.map((d) => ({
          ...problemRange(doc, d),
          severity: "error" as const,
          message: d.rule ? `[${d.rule}] ${d.message}` : d.message,
          source: d.path || undefined,
        }));
      }
      setCheck({ state: "error", message: err?.message ?? t("checkFailed") });
      return [];
    }

    const state = EditorState.create({
      doc: defaultValue,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        linter(validate, { delay: CHECK_DELAY_MS }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          const text = u.state.doc.toString();
          if (hidden.current) hidden.current.value = text;
          setDocText(text);
        }),
        EditorView.contentAttributes.of({ "aria-label": t("label"), "aria-describedby": `${id}-hint`, spellcheck: "false", autocapitalize: "off" }),
        EditorView.theme({ "&": { maxHeight: "32rem", fontSize: "12px" }, ".cm-scroller": { fontFamily: "var(--font-mono)", minHeight: "18rem" } }),
        // The sample shown in an empty editor (not part of the document, so never submitted).
        ...(placeholder ? [placeholderText(placeholder)] : []),
      ],
    });
    const v = new EditorView({ state, parent: host.current });
    view.current = v;
    if (hidden.current) hidden.current.value = defaultValue;
    // A changed name, variable or remap option changes the answer: check again.
    const recheck = (e: Event) => {
      const n = (e.target as HTMLInputElement | null)?.name;
      if (n === "name" || n === "variables" || n === "remapPorts") forceLinting(v);
    };
    form?.addEventListener("change", recheck);
    return () => {
      form?.removeEventListener("change", recheck);
      v.destroy();
      view.current = null;
    };
    // The editor is created once per mount (the page keys it by revision).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The form moves focus to the first field marked invalid after a refused submit: the editor.
  const invalid = submitted.length > 0;
  useEffect(() => {
    view.current?.contentDOM.setAttribute("aria-invalid", invalid ? "true" : "false");
  }, [invalid]);

  function setDoc(text: string, focus = true) {
    const v = view.current;
    if (!v) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
    if (focus) v.focus();
  }

  function goTo(p: { path: string; line?: number; column?: number }) {
    const v = view.current;
    if (!v) return;
    const r = problemRange(v.state.doc.toString(), p);
    v.dispatch({ selection: { anchor: r.from, head: r.to }, scrollIntoView: true });
    v.focus();
  }

  function download() {
    const text = view.current?.state.doc.toString() ?? "";
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    a.download = `${field("name") || appName || "compose"}.compose.yaml`;
    a.click();
    URL.revokeObjectURL(a.href);
  }
  const field = (n: string) => (host.current?.closest("form")?.elements.namedItem(n) as HTMLInputElement | null)?.value?.trim();

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <span id={`${id}-label`} className="block text-sm font-medium text-zinc-800">
          {t("label")}
        </span>
        <div className="flex gap-2">
          <input
            ref={upload}
            type="file"
            accept=".yml,.yaml,application/yaml,text/yaml,text/plain"
            className="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) setDoc(await f.text());
              e.target.value = "";
            }}
          />
          <Button size="sm" onClick={() => upload.current?.click()}>
            {t("upload")}
          </Button>
          <Button size="sm" onClick={download}>
            {t("download")}
          </Button>
        </div>
      </div>
      <ServiceToolbar environmentId={environmentId} text={docText} onApply={(text) => setDoc(text, false)} check={checkFile} />
      {submitted.length > 0 && (
        <div className="rounded-md border border-red-300 bg-red-50 px-3 py-2">
          <p className="text-sm font-medium text-red-900">{t("problemsHeading", { count: submitted.length })}</p>
          <ul className="mt-1 space-y-1" aria-label={t("problemsLabel")}>
            {submitted.map((p, i) => (
              <li key={`${p.path}-${i}`} className="flex flex-wrap items-baseline gap-x-2 text-sm text-red-900">
                <button
                  type="button"
                  onClick={() => goTo(p)}
                  className="rounded font-mono text-xs font-semibold underline underline-offset-2 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
                >
                  <span className="sr-only">{t("goTo")} </span>
                  {p.path || t("wholeFile")}
                </button>
                {p.rule && <Badge tone="red">{t("rule", { rule: p.rule })}</Badge>}
                <span>{p.message}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div>
          <div
            ref={host}
            data-testid="compose-editor"
            className="overflow-hidden rounded-md border border-zinc-300 bg-white focus-within:ring-2 focus-within:ring-blue-600"
          />
          <textarea ref={hidden} name={name} defaultValue={defaultValue} hidden readOnly />
          <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-500">
            {hint ?? t("defaultHint")} {t("editorHint")}
          </p>
        </div>
        <ComposePreview check={check} onGoTo={goTo} />
      </div>
    </div>
  );
}
