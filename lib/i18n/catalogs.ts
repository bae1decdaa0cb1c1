// The message catalogs, one per locale (messages/*.json). Pages get them through next-intl; the
// transports use them to put API and form errors in the caller's language.
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import type { AppLocale } from "./config";

export type Messages = typeof en;
export const CATALOGS: Record<AppLocale, Messages> = { en, "zh-CN": zhCN };
