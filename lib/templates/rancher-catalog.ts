// Rancher 1.x catalog layout → our templates (pure: files in, templates and a per-version report
// out). Layout: `templates/<name>/config.yml`, `templates/<name>/<n>/docker-compose.yml[.tpl]`,
// `templates/<name>/<n>/rancher-compose.yml` (its `.catalog`: name, version, description,
// questions, upgrade_from, minimum_rancher_version), `catalogIcon-*`, README.md. Rancher-only keys
// with a meaning here are mapped (scale → scale, health_check → healthcheck), the rest ignored
// with a warning; what cannot be imported refuses that version only.
import { parse, stringify } from "yaml";
import { QUESTION_TYPES, RESERVED_PREFIX, questionsSchema, type Question } from "./questions";
import type { ArchiveFiles } from "./safe-archive";
import { issueText } from "@/lib/validation";

export interface VersionReport {
  folder: string;
  version: string | null;
  status: "imported" | "refused";
  mapped: string[];
  ignored: string[];
  refused: string[];
}

export interface ParsedVersion {
  version: string;
  ordinal: number;
  compose: string;
  questions: Question[];
  upgradeFrom: string;
  notes: string;
}

export interface ParsedTemplate {
  folder: string;
  name: string;
  description: string;
  category: string;
  maintainer: string;
  readme: string;
  icon: string | null;
  versions: ParsedVersion[];
  report: VersionReport[];
}

const MAX_TEMPLATES = 50;
const ICON_TYPES: Record<string, string> = { png: "image/png", svg: "image/svg+xml", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif" };
const RANCHER_SERVICE_KEYS_IGNORED = [
  "retain_ip",
  "lb_config",
  "upgrade_strategy",
  "start_on_create",
  "metadata",
  "drain_timeout_ms",
  "storage_driver",
  "network_driver",
  "default_cert",
  "certs",
  "external_ips",
  "hostname_override",
];

function yamlObject(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  const v: unknown = parse(text, { maxAliasCount: 100, uniqueKeys: true });
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "");
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** `.catalog.questions` → our questions; unknown types become strings (reported). */
function mapQuestions(raw: unknown, r: VersionReport): Question[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    r.refused.push(".catalog.questions is not a list");
    return [];
  }
  const out: Question[] = [];
  for (const [i, item] of raw.entries()) {
    const q = rec(item);
    const variable = str(q.variable);
    if (variable.startsWith(RESERVED_PREFIX)) {
      r.refused.push(`question ${variable}: names starting with ${RESERVED_PREFIX} are reserved`);
      continue;
    }
    let type = str(q.type) || "string";
    if (!(QUESTION_TYPES as readonly string[]).includes(type)) {
      r.ignored.push(`question ${variable || i}: type "${type}" is asked as a string`);
      type = "string";
    }
    const options = Array.isArray(q.options) ? q.options.map(str) : undefined;
    const dflt = q.default;
    out.push({
      variable,
      label: str(q.label) || variable,
      ...(q.description !== undefined ? { description: str(q.description) } : {}),
      type: type as Question["type"],
      ...(q.required !== undefined ? { required: q.required === true || q.required === "true" } : {}),
      ...(dflt !== undefined && dflt !== null && dflt !== "" ? { default: typeof dflt === "number" || typeof dflt === "boolean" ? dflt : str(dflt) } : {}),
      ...(typeof q.min === "number" ? { min: Math.trunc(q.min) } : {}),
      ...(typeof q.max === "number" ? { max: Math.trunc(q.max) } : {}),
      ...(options ? { options } : {}),
      ...(q.group !== undefined ? { group: str(q.group) } : {}),
      ...(q.show_if !== undefined ? { showIf: str(q.show_if) } : {}),
    });
  }
  const checked = questionsSchema.safeParse(out);
  if (!checked.success) {
    for (const issue of checked.error.issues) r.refused.push(issueText(issue, out, `questions.${issue.path.join(".")}`));
    return [];
  }
  return checked.data;
}

/** Rancher health_check → a Compose healthcheck (a TCP or HTTP probe from inside the container). */
function mapHealthCheck(hc: Record<string, unknown>): Record<string, unknown> | null {
  const port = Number(hc.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const request = /^\s*(?:GET|HEAD)\s+("?)(\/[^\s"]*)\1/i.exec(str(hc.request_line));
  const test = request ? `wget -q -O /dev/null http://127.0.0.1:${port}${request[2]} || exit 1` : `nc -z 127.0.0.1 ${port} || exit 1`;
  const ms = (v: unknown) => (Number.isFinite(Number(v)) && Number(v) > 0 ? `${Math.round(Number(v))}ms` : undefined);
  const out: Record<string, unknown> = { test: ["CMD-SHELL", test] };
  if (ms(hc.interval)) out.interval = ms(hc.interval);
  if (ms(hc.response_timeout)) out.timeout = ms(hc.response_timeout);
  if (ms(hc.initializing_timeout)) out.start_period = ms(hc.initializing_timeout);
  if (Number.isInteger(Number(hc.unhealthy_threshold))) out.retries = Number(hc.unhealthy_threshold);
  return out;
}

/** Removes `io.rancher.*` labels (map or list form) from a service, reporting each. */
function dropRancherLabels(svcName: string, svc: Record<string, unknown>, r: VersionReport): void {
  const labels = svc.labels;
  if (Array.isArray(labels)) {
    const kept = labels.filter((l) => {
      const drop = str(l).startsWith("io.rancher.");
      if (drop) r.ignored.push(`services.${svcName}.labels: ${str(l).split("=")[0]} (Rancher only)`);
      return !drop;
    });
    if (kept.length) svc.labels = kept;
    else delete svc.labels;
  } else if (labels && typeof labels === "object") {
    const l = labels as Record<string, unknown>;
    for (const k of Object.keys(l))
      if (k.startsWith("io.rancher.")) {
        r.ignored.push(`services.${svcName}.labels: ${k} (Rancher only)`);
        delete l[k];
      }
    if (Object.keys(l).length === 0) delete svc.labels;
  }
}

function convertVersion(folder: string, files: ArchiveFiles, fallbackOrdinal: number): { report: VersionReport; version?: ParsedVersion } {
  const r: VersionReport = { folder: folder.split("/").pop()!, version: null, status: "refused", mapped: [], ignored: [], refused: [] };
  const text = (name: string) => files.get(`${folder}/${name}`)?.toString("utf8");
  let composeText = text("docker-compose.yml") ?? text("docker-compose.yaml");
  const tpl = text("docker-compose.yml.tpl");
  if (composeText === undefined && tpl !== undefined) {
    // The Go-template subset that is plain substitution maps to Compose interpolation.
    composeText = tpl.replace(/\{\{-?\s*\.Values\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}/g, (_, v: string) => {
      r.mapped.push(`docker-compose.yml.tpl: {{ .Values.${v} }} → \${${v}}`);
      return `\${${v}}`;
    });
    if (/\{\{/.test(composeText)) {
      r.refused.push("docker-compose.yml.tpl: Go template logic ({{ if }}, {{ range }}, …) is not supported");
      return { report: r };
    }
  }
  if (composeText === undefined) {
    r.refused.push("no docker-compose.yml");
    return { report: r };
  }
  let rancher: Record<string, unknown>;
  let compose: Record<string, unknown>;
  try {
    rancher = yamlObject(text("rancher-compose.yml") ?? text("rancher-compose.yaml")) ?? {};
    compose = yamlObject(composeText) ?? {};
  } catch {
    r.refused.push("a YAML file cannot be read");
    return { report: r };
  }
  const catalog = rec(rancher[".catalog"]);
  r.version = str(catalog.version) || r.folder;
  const questions = mapQuestions(catalog.questions, r);
  if (catalog.minimum_rancher_version !== undefined) r.ignored.push(`.catalog.minimum_rancher_version (${str(catalog.minimum_rancher_version)})`);
  if (catalog.maximum_rancher_version !== undefined) r.ignored.push(".catalog.maximum_rancher_version");
  for (const k of Object.keys(catalog))
    if (!["name", "version", "description", "questions", "upgrade_from", "minimum_rancher_version", "maximum_rancher_version", "uuid"].includes(k))
      r.ignored.push(`.catalog.${k}`);

  const services = compose.services && typeof compose.services === "object" ? rec(compose.services) : compose;
  const v1 = !(compose.services && typeof compose.services === "object");
  for (const [name, raw] of Object.entries(services)) {
    if (v1 && (name === "version" || name === "volumes" || name === "networks")) continue;
    const svc = rec(raw);
    dropRancherLabels(name, svc, r);
  }
  for (const [name, raw] of Object.entries(rec(rancher))) {
    if (name === ".catalog") continue;
    const rs = rec(raw);
    const svc = services[name] && typeof services[name] === "object" ? (services[name] as Record<string, unknown>) : null;
    for (const [key, value] of Object.entries(rs)) {
      if (!svc) {
        r.ignored.push(`rancher-compose.yml: ${name}.${key} (no such service)`);
        continue;
      }
      if (key === "scale") {
        svc.scale = value;
        r.mapped.push(`${name}.scale → services.${name}.scale (replicas)`);
      } else if (key === "health_check") {
        const hc = mapHealthCheck(rec(value));
        if (hc) {
          svc.healthcheck = hc;
          r.mapped.push(`${name}.health_check → services.${name}.healthcheck`);
        } else r.ignored.push(`${name}.health_check (no port)`);
      } else if (RANCHER_SERVICE_KEYS_IGNORED.includes(key)) r.ignored.push(`${name}.${key} (Rancher only)`);
      else r.ignored.push(`${name}.${key}`);
    }
  }
  if (r.refused.length) return { report: r };
  r.status = "imported";
  const ordinal = /^\d+$/.test(r.folder) ? Number(r.folder) : fallbackOrdinal;
  const changed = r.mapped.some((m) => !m.startsWith("docker-compose.yml.tpl")) || r.ignored.some((i) => i.includes(".labels:"));
  return {
    report: r,
    version: {
      version: r.version,
      ordinal,
      compose: changed ? stringify(compose, { lineWidth: 0 }) : composeText,
      questions,
      upgradeFrom: str(catalog.upgrade_from),
      notes: text("README.md") ?? str(catalog.description),
    },
  };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function iconOf(prefix: string, files: ArchiveFiles): string | null {
  for (const [path, data] of files) {
    const m = new RegExp(`^${escapeRe(prefix)}catalogIcon-[^/]+\\.(png|svg|jpe?g|gif)$`).exec(path);
    if (m && data.length <= 48 * 1024) return `data:${ICON_TYPES[m[1]]};base64,${data.toString("base64")}`;
  }
  return null;
}

/** Every template of a Rancher 1.x catalog in `files` (folders holding a config.yml). */
export function parseRancherCatalog(files: ArchiveFiles): ParsedTemplate[] {
  const dirs = [...files.keys()]
    .filter((p) => p === "config.yml" || p.endsWith("/config.yml"))
    .map((p) => p.slice(0, -"config.yml".length).replace(/\/$/, ""))
    .slice(0, MAX_TEMPLATES);
  const out: ParsedTemplate[] = [];
  for (const dir of dirs) {
    const prefix = dir ? `${dir}/` : "";
    let config: Record<string, unknown>;
    try {
      config = yamlObject(files.get(`${prefix}config.yml`)!.toString("utf8")) ?? {};
    } catch {
      config = {};
    }
    const folders = new Set<string>();
    for (const p of files.keys()) {
      const m = new RegExp(`^${escapeRe(prefix)}([^/]+)/(docker-compose\\.ya?ml(\\.tpl)?|rancher-compose\\.ya?ml)$`).exec(p);
      if (m) folders.add(m[1]);
    }
    if (folders.size === 0) continue;
    const sorted = [...folders].sort((a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b)));
    const report: VersionReport[] = [];
    const versions: ParsedVersion[] = [];
    sorted.forEach((f, i) => {
      const c = convertVersion(`${prefix}${f}`, files, i);
      report.push(c.report);
      if (c.version) {
        if (versions.some((v) => v.version === c.version!.version)) {
          c.report.status = "refused";
          c.report.refused.push(`version ${c.version.version} appears twice`);
        } else versions.push(c.version);
      }
    });
    out.push({
      folder: dir.split("/").pop() || "catalog",
      name: str(config.name) || dir.split("/").pop() || "template",
      description: str(config.description),
      category: str(config.category) || (Array.isArray(config.categories) ? str(config.categories[0]) : ""),
      maintainer: str(config.maintainer),
      readme: files.get(`${prefix}README.md`)?.toString("utf8") ?? "",
      icon: iconOf(prefix, files),
      versions,
      report,
    });
  }
  return out;
}
