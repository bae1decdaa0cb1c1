"use client";
// A failed job's error in the reader's language: its catalog message (errorKey + errorParams, with
// "@key" parameters naming catalog entries as the API resolves them), else the English text.
import { useTranslations } from "next-intl";
import type { JobDto } from "@/lib/jobs";

export function useJobErrorText(): (job: Pick<JobDto, "error" | "errorKey" | "errorParams">) => string {
  const t = useTranslations();
  return (job) => {
    if (!job.errorKey || !t.has(job.errorKey as never)) return job.error ?? "";
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(job.errorParams ?? {}))
      params[k] = typeof v === "string" && v.startsWith("@") && t.has(v.slice(1) as never) ? t(v.slice(1) as never) : v;
    return t(job.errorKey as never, params as never);
  };
}
