"use client";
// The Compose editor of the deploy and redeploy forms: a monospace textarea where Tab indents, and
// above it every problem the server reported, each with its key path (and policy rule). Each path
// is a button that puts the cursor on that line, so the list is the keyboard's way into the file.
import { useTranslations } from "next-intl";
import { useId, useRef, type KeyboardEvent } from "react";
import { Badge, Textarea } from "@/components/ui";
import { useFormState } from "@/components/ui/form-context";
import { lineRange, locateLine } from "./compose-locate";

const INDENT = "  ";

export interface ComposeProblem {
  path: string;
  rule?: string;
  message: string;
}

/** Reads back app/_lib/app-form.ts withRuleNames: one line per problem, "[rule] message". */
export function composeProblems(fields: Record<string, string>, ignore: (path: string) => boolean): ComposeProblem[] {
  return Object.entries(fields)
    .filter(([path]) => !ignore(path))
    .flatMap(([path, text]) =>
      text.split("\n").map((line) => {
        const m = /^\[([a-z0-9-]+)\] (.*)$/s.exec(line);
        return m ? { path, rule: m[1], message: m[2] } : { path, message: line };
      }),
    );
}

interface Props {
  label?: string;
  name?: string;
  defaultValue?: string;
  placeholder?: string;
  hint?: string;
  /** Paths another field of the form shows (name, variables…). */
  ignore: (path: string) => boolean;
}

export function ComposeField({ label, name = "compose", defaultValue, placeholder, hint, ignore }: Props) {
  const t = useTranslations("compose");
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  // After Escape, the next Tab leaves the editor instead of indenting (no keyboard trap).
  const released = useRef(false);
  const problems = composeProblems(useFormState()?.fields ?? {}, ignore);
  const listId = `${id}-problems`;
  const hintId = `${id}-hint`;

  function goTo(path: string) {
    const ta = ref.current;
    if (!ta) return;
    const line = locateLine(ta.value, path);
    ta.focus();
    if (line === null) return;
    const [start, end] = lineRange(ta.value, line);
    ta.setSelectionRange(start, end);
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 16;
    ta.scrollTop = Math.max(0, line * lh - ta.clientHeight / 3);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Escape") {
      released.current = true;
      return;
    }
    if (e.key !== "Tab" || e.ctrlKey || e.altKey || e.metaKey) {
      released.current = false;
      return;
    }
    if (released.current) {
      released.current = false;
      return; // let the browser move focus
    }
    e.preventDefault();
    const ta = e.currentTarget;
    const { selectionStart: s, selectionEnd: t, value } = ta;
    const lineStart = value.lastIndexOf("\n", s - 1) + 1;
    if (e.shiftKey || value.slice(s, t).includes("\n")) {
      // Block (out)dent of every line touched by the selection.
      const block = value.slice(lineStart, t);
      const next = block
        .split("\n")
        .map((l) => (e.shiftKey ? l.replace(/^ {1,2}/, "") : INDENT + l))
        .join("\n");
      ta.setRangeText(next, lineStart, t, "select");
    } else if (!document.execCommand("insertText", false, INDENT)) {
      // execCommand keeps the browser's undo history; setRangeText is the fallback without it.
      ta.setRangeText(INDENT, s, t, "end");
    }
  }

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label ?? t("label")}
      </label>
      {problems.length > 0 && (
        <div id={listId} className="rounded-md border border-red-300 bg-red-50 px-3 py-2">
          <p className="text-sm font-medium text-red-900">{t("problemsHeading", { count: problems.length })}</p>
          <ul className="mt-1 space-y-1" aria-label={t("problemsLabel")}>
            {problems.map((p, i) => (
              <li key={`${p.path}-${i}`} className="flex flex-wrap items-baseline gap-x-2 text-sm text-red-900">
                <button
                  type="button"
                  onClick={() => goTo(p.path)}
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
      <Textarea
        ref={ref}
        id={id}
        name={name}
        defaultValue={defaultValue}
        placeholder={placeholder}
        rows={18}
        wrap="off"
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        required
        onKeyDown={onKeyDown}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={[problems.length > 0 ? listId : "", hintId].filter(Boolean).join(" ")}
        className="font-mono text-xs leading-5"
      />
      <p id={hintId} className="text-xs text-zinc-500">
        {hint ?? t("defaultHint")} {t("keyboardHint")}
      </p>
    </div>
  );
}
