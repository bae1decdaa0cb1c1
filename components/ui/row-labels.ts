"use client";
// Labels a table formats for each of its rows ("Restart container 3 on lab1"): formatted once per
// process (and browser tab) for each locale, message and values, then looked up. next-intl keeps
// its parsed messages per request, so a table of 25 rows with three such labels each parsed and
// formatted them again on every server render (issue 20: half of the service page's message
// formatting). Messages are fixed per build and the locale is part of the key.
import { useCallback } from "react";
import { useLocale, useTranslations } from "next-intl";

/** Distinct labels kept at most (slots × hosts × messages of a large service); emptied when full. */
const MAX_LABELS = 5_000;
const labels = new Map<string, string>();

type Values = Record<string, string | number>;

/** `label(key, values)`: the message `key` of `namespace` with plain values, from the process's cache. */
export function useRowLabels(namespace: string): (key: string, values: Values) => string {
  const t = useTranslations(namespace as never) as unknown as (key: string, values: Values) => string;
  const locale = useLocale();
  return useCallback(
    (key: string, values: Values) => {
      const k = `${locale}\u0000${namespace}\u0000${key}\u0000${JSON.stringify(values)}`;
      let s = labels.get(k);
      if (s === undefined) {
        if (labels.size >= MAX_LABELS) labels.clear();
        s = t(key, values);
        labels.set(k, s);
      }
      return s;
    },
    [t, locale, namespace],
  );
}
