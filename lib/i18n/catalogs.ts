// The message catalogs, one per locale, each assembled from one file per feature area
// (messages/<locale>/<area>.json, top-level namespaces must not repeat across files: the unit test
// checks). Server renders get them through next-intl's request configuration, client components
// through the Providers component (in the client bundle, not in every page), and the transports use
// them to put API and form errors in the caller's language. A new area adds its two files here.
import enCore from "@/messages/en/core.json";
import zhCore from "@/messages/zh-CN/core.json";
import enQuota from "@/messages/en/quota.json";
import zhQuota from "@/messages/zh-CN/quota.json";
import enObserve from "@/messages/en/observe.json";
import zhObserve from "@/messages/zh-CN/observe.json";
import enStore from "@/messages/en/store.json";
import zhStore from "@/messages/zh-CN/store.json";
import enDeploy from "@/messages/en/deploy.json";
import zhDeploy from "@/messages/zh-CN/deploy.json";
import enConsole from "@/messages/en/console.json";
import zhConsole from "@/messages/zh-CN/console.json";
import enHostreg from "@/messages/en/hostreg.json";
import zhHostreg from "@/messages/zh-CN/hostreg.json";
import enResources from "@/messages/en/resources.json";
import zhResources from "@/messages/zh-CN/resources.json";
import enConsolefix from "@/messages/en/consolefix.json";
import zhConsolefix from "@/messages/zh-CN/consolefix.json";
import enServiceform from "@/messages/en/serviceform.json";
import zhServiceform from "@/messages/zh-CN/serviceform.json";
import enErrors from "@/messages/en/errors.json";
import zhErrors from "@/messages/zh-CN/errors.json";
import enHostops from "@/messages/en/hostops.json";
import zhHostops from "@/messages/zh-CN/hostops.json";
import enHosts3 from "@/messages/en/hosts3.json";
import zhHosts3 from "@/messages/zh-CN/hosts3.json";
import enI18nkeys from "@/messages/en/i18nkeys.json";
import zhI18nkeys from "@/messages/zh-CN/i18nkeys.json";
import enUiprims from "@/messages/en/uiprims.json";
import zhUiprims from "@/messages/zh-CN/uiprims.json";
import enRegions from "@/messages/en/regions.json";
import zhRegions from "@/messages/zh-CN/regions.json";
import type { AppLocale } from "./config";

/** Each locale's files, in order; exported for the catalog test (namespaces unique across files). */
export const CATALOG_FILES = {
  en: {
    core: enCore,
    observe: enObserve,
    store: enStore,
    deploy: enDeploy,
    quota: enQuota,
    console: enConsole,
    hostreg: enHostreg,
    resources: enResources,
    consolefix: enConsolefix,
    serviceform: enServiceform,
    errors: enErrors,
    hostops: enHostops,
    hosts3: enHosts3,
    i18nkeys: enI18nkeys,
    uiprims: enUiprims,
    regions: enRegions,
  },
  "zh-CN": {
    core: zhCore,
    observe: zhObserve,
    store: zhStore,
    deploy: zhDeploy,
    quota: zhQuota,
    console: zhConsole,
    hostreg: zhHostreg,
    resources: zhResources,
    consolefix: zhConsolefix,
    serviceform: zhServiceform,
    errors: zhErrors,
    hostops: zhHostops,
    hosts3: zhHosts3,
    i18nkeys: zhI18nkeys,
    uiprims: zhUiprims,
    regions: zhRegions,
  },
} as const;

function merge<T extends Record<string, object>>(files: T): UnionToIntersection<T[keyof T]> {
  return Object.assign({}, ...Object.values(files)) as UnionToIntersection<T[keyof T]>;
}
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

const en = merge(CATALOG_FILES.en);
export type Messages = typeof en;
export const CATALOGS: Record<AppLocale, Messages> = { en, "zh-CN": merge(CATALOG_FILES["zh-CN"]) };
