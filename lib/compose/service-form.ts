// The add/edit service form's mapping between a Compose file and one service's fields, pure and
// free of server imports so the browser runs it beside the editor. Reading takes the file's text
// and a service name and gives the form's values (strings, as typed); writing takes the text and
// the values and rewrites that service only, through the `yaml` Document API: other services,
// top-level keys, comments and key order stay as they were, and a key of the service whose value
// did not change keeps its node (quoting, flow style, comments). The checks here are the form's
// own (shape of each field, named by field id, message keys in the `serviceform.problems`
// catalog); the server's validate endpoint stays the judge, and fieldOfPath maps its problems back
// onto the form's fields.
import { isMap, isScalar, isSeq, parseDocument, Pair, Scalar, YAMLMap, YAMLSeq, type Document, type Node } from "yaml";
import { ENV_NAME, IMAGE_REF, OBJECT_KEY, RESOURCE_NAME } from "./names";
import { PLATFORM_LIMITS } from "./limits";

export interface PortRow {
  /** Empty: the portal leases one from the environment's port pool. */
  published: string;
  target: string;
  protocol: "tcp" | "udp";
  /** mode: host (the port on the node running the task) instead of the routing mesh. */
  hostMode: boolean;
}
export interface EnvRow {
  name: string;
  value: string;
}
export interface VolumeRow {
  /** A named volume or a host path; empty for an anonymous volume. */
  source: string;
  target: string;
  readOnly: boolean;
}
export interface ServiceFormValue {
  name: string;
  image: string;
  command: string;
  replicas: string;
  ports: PortRow[];
  environment: EnvRow[];
  /** Names of the tenant's secrets (declared external at the top level). */
  secrets: string[];
  volumes: VolumeRow[];
  healthcheck: { test: string; interval: string; retries: string };
  limits: { cpus: string; memory: string };
  reservations: { cpus: string; memory: string };
  constraints: string[];
}

/** Every field id of the form (rows use `ports.0.target` and the like). */
export const SERVICE_FORM_FIELDS = [
  "name",
  "image",
  "command",
  "replicas",
  "ports",
  "environment",
  "secrets",
  "volumes",
  "healthcheck.test",
  "healthcheck.interval",
  "healthcheck.retries",
  "limits.cpus",
  "limits.memory",
  "reservations.cpus",
  "reservations.memory",
  "constraints",
] as const;

export function emptyService(name = ""): ServiceFormValue {
  return {
    name,
    image: "",
    command: "",
    replicas: "1",
    ports: [],
    environment: [],
    secrets: [],
    volumes: [],
    healthcheck: { test: "", interval: "", retries: "" },
    limits: { cpus: "", memory: "" },
    reservations: { cpus: "", memory: "" },
    constraints: [],
  };
}

export type ComposeReadError = { code: "yaml"; line?: number } | { code: "notAMapping" } | { code: "noService"; name: string };

/** A problem of the form: the field it belongs to, a `serviceform.problems.<code>` key, params. */
export interface FormProblem {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

// ─── reading ────────────────────────────────────────────────────────────────────────────────────

function parse(text: string): { doc: Document } | { error: ComposeReadError } {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length) return { error: { code: "yaml", line: doc.errors[0].linePos?.[0]?.line } };
  if (doc.contents !== null && !isMap(doc.contents)) return { error: { code: "notAMapping" } };
  return { doc };
}

function servicesMap(doc: Document): YAMLMap | null {
  const s = doc.get("services", true);
  return isMap(s) ? s : null;
}

const keyString = (k: unknown): string => (isScalar(k) ? String(k.value) : String(k));

/** The service names of the file (Compose Spec layout: under `services:`), in file order. */
export function listServices(text: string): string[] {
  const r = parse(text);
  if ("error" in r) return [];
  const s = servicesMap(r.doc);
  return s ? s.items.map((p) => keyString(p.key)) : [];
}

const str = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "object" ? "" : String(v));

/** A command list shown as one line: words with spaces or quotes in them are quoted. */
function joinCommand(words: unknown[]): string {
  return words.map((w) => (/^[^\s'"\\]+$/.test(String(w)) ? String(w) : JSON.stringify(String(w)))).join(" ");
}

function readCommand(v: unknown): string {
  if (Array.isArray(v)) return joinCommand(v);
  return str(v);
}

function readTest(v: unknown): string {
  if (!Array.isArray(v)) return str(v);
  const [head, ...rest] = v.map(String);
  if (head === "CMD-SHELL") return rest.join(" ");
  if (head === "CMD") return joinCommand(rest);
  if (head === "NONE") return "";
  return joinCommand(v);
}

const PORT_SHORT = /^(?:(?:\[[^\]]*\]|[^:/]*):)??(?:(\d+)(?:-\d+)?:)?(\d+)(?:-\d+)?(?:\/(tcp|udp|sctp))?$/;

function readPort(v: unknown): PortRow {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return {
      published: str(o.published),
      target: str(o.target),
      protocol: o.protocol === "udp" ? "udp" : "tcp",
      hostMode: o.mode === "host",
    };
  }
  const s = str(v);
  const m = PORT_SHORT.exec(s);
  if (!m) return { published: "", target: s, protocol: "tcp", hostMode: false };
  return { published: m[1] ?? "", target: m[2], protocol: m[3] === "udp" ? "udp" : "tcp", hostMode: false };
}

function readEnvironment(v: unknown): EnvRow[] {
  if (Array.isArray(v))
    return v.map((item) => {
      const s = str(item);
      const eq = s.indexOf("=");
      return eq < 0 ? { name: s, value: "" } : { name: s.slice(0, eq), value: s.slice(eq + 1) };
    });
  if (v && typeof v === "object") return Object.entries(v as Record<string, unknown>).map(([name, value]) => ({ name, value: str(value) }));
  return [];
}

function readSecret(v: unknown): string {
  if (v && typeof v === "object" && !Array.isArray(v)) return str((v as Record<string, unknown>).source);
  return str(v);
}

function readVolume(v: unknown): VolumeRow {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return { source: str(o.source), target: str(o.target), readOnly: o.read_only === true || o.read_only === "true" };
  }
  const parts = str(v).split(":");
  if (parts.length === 1) return { source: "", target: parts[0], readOnly: false };
  const mode = parts.length > 2 ? parts.slice(2).join(":") : "";
  return { source: parts[0], target: parts[1], readOnly: mode.split(",").includes("ro") };
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The form's values of one service, or why the file cannot be read. */
export function readService(text: string, name: string): { value: ServiceFormValue } | { error: ComposeReadError } {
  const r = parse(text);
  if ("error" in r) return r;
  const node = servicesMap(r.doc)?.get(name, true);
  if (!isMap(node)) return { error: { code: "noService", name } };
  const s = obj(node.toJSON());
  const deploy = obj(s.deploy);
  const resources = obj(deploy.resources);
  const hc = obj(s.healthcheck);
  const constraints = obj(deploy.placement).constraints;
  return {
    value: {
      name,
      image: str(s.image),
      command: readCommand(s.command),
      replicas: str(deploy.replicas),
      ports: Array.isArray(s.ports) ? s.ports.map(readPort) : [],
      environment: readEnvironment(s.environment),
      secrets: Array.isArray(s.secrets) ? s.secrets.map(readSecret) : [],
      volumes: Array.isArray(s.volumes) ? s.volumes.map(readVolume) : [],
      healthcheck: { test: readTest(hc.test), interval: str(hc.interval), retries: str(hc.retries) },
      limits: { cpus: str(obj(resources.limits).cpus), memory: str(obj(resources.limits).memory) },
      reservations: { cpus: str(obj(resources.reservations).cpus), memory: str(obj(resources.reservations).memory) },
      constraints: Array.isArray(constraints) ? constraints.map(str) : typeof constraints === "string" ? [constraints] : [],
    },
  };
}

// ─── checking ───────────────────────────────────────────────────────────────────────────────────

const WHOLE = /^\d{1,15}$/;
const CPUS = /^\d{1,6}(\.\d{1,9})?$/;
const BYTES = /^(\d{1,15}(?:\.\d{1,6})?)\s*([kmgt]?)b?$/i;
const DURATION = /^(\d{1,12}(\.\d{1,9})?(ns|us|µs|ms|s|m|h))+$/;
const CONSTRAINT = /^[A-Za-z0-9_./-]{1,200}\s*(==|!=)\s*[^\s\u0000-\u001f\u007f][^\u0000-\u001f\u007f]{0,200}$/;
const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes of a memory size as Compose writes it ("256M", "1g", 1048576), or null. */
export function memoryBytes(s: string): number | null {
  const m = BYTES.exec(s.trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2].toLowerCase()]) : null;
}

/** The form's own checks, each problem named by its field; [] when the values can be written. */
export function checkServiceForm(v: ServiceFormValue, ctx: { otherServices: string[] }): FormProblem[] {
  const out: FormProblem[] = [];
  const add = (field: string, code: string, params?: Record<string, string | number>) => out.push({ field, code, ...(params ? { params } : {}) });
  const name = v.name.trim();
  if (!name) add("name", "required");
  else if (!RESOURCE_NAME.test(name)) add("name", "serviceName");
  else if (ctx.otherServices.includes(name)) add("name", "nameTaken", { name });
  const image = v.image.trim();
  if (!image) add("image", "required");
  else if (image.length > 512 || !IMAGE_REF.test(image)) add("image", "image");
  const replicas = v.replicas.trim();
  if (replicas && (!WHOLE.test(replicas) || Number(replicas) > PLATFORM_LIMITS.maxReplicas)) add("replicas", "replicas", { max: PLATFORM_LIMITS.maxReplicas });
  v.ports.forEach((p, i) => {
    const port = (s: string) => WHOLE.test(s.trim()) && Number(s) >= 1 && Number(s) <= 65535;
    if (!p.target.trim()) add(`ports.${i}.target`, "required");
    else if (!port(p.target)) add(`ports.${i}.target`, "port");
    if (p.published.trim() && !port(p.published)) add(`ports.${i}.published`, "port");
  });
  const envNames = new Set<string>();
  v.environment.forEach((e, i) => {
    const n = e.name.trim();
    if (!n) add(`environment.${i}.name`, "required");
    else if (!ENV_NAME.test(n)) add(`environment.${i}.name`, "envName");
    else if (envNames.has(n)) add(`environment.${i}.name`, "duplicate", { name: n });
    envNames.add(n);
  });
  const secretNames = new Set<string>();
  v.secrets.forEach((s, i) => {
    const n = s.trim();
    if (!n) add(`secrets.${i}`, "required");
    else if (!OBJECT_KEY.test(n)) add(`secrets.${i}`, "objectName");
    else if (secretNames.has(n)) add(`secrets.${i}`, "duplicate", { name: n });
    secretNames.add(n);
  });
  v.volumes.forEach((vol, i) => {
    const src = vol.source.trim();
    const target = vol.target.trim();
    if (src.includes(":") || (src && !src.startsWith("/") && !src.startsWith(".") && !OBJECT_KEY.test(src))) add(`volumes.${i}.source`, "volumeSource");
    if (!target) add(`volumes.${i}.target`, "required");
    else if (!target.startsWith("/") || target.includes(":")) add(`volumes.${i}.target`, "containerPath");
  });
  if (v.healthcheck.interval.trim() && !DURATION.test(v.healthcheck.interval.trim())) add("healthcheck.interval", "duration");
  if (v.healthcheck.retries.trim() && !WHOLE.test(v.healthcheck.retries.trim())) add("healthcheck.retries", "wholeNumber");
  for (const kind of ["limits", "reservations"] as const) {
    const cpus = v[kind].cpus.trim();
    if (cpus && (!CPUS.test(cpus) || Number(cpus) <= 0 || Number(cpus) > PLATFORM_LIMITS.maxCpus))
      add(`${kind}.cpus`, "cpus", { max: PLATFORM_LIMITS.maxCpus });
    const mem = v[kind].memory.trim();
    if (mem && memoryBytes(mem) === null) add(`${kind}.memory`, "memory");
  }
  const limit = memoryBytes(v.limits.memory);
  const reserved = memoryBytes(v.reservations.memory);
  if (limit !== null && reserved !== null && v.limits.memory.trim() && v.reservations.memory.trim() && reserved > limit)
    add("reservations.memory", "reservationAboveLimit");
  v.constraints.forEach((c, i) => {
    if (!CONSTRAINT.test(c.trim())) add(`constraints.${i}`, "constraint");
  });
  return out;
}

/**
 * The form field a problem of the validate endpoint belongs to (its key path, e.g.
 * `services.web.deploy.resources.limits.memory` → `limits.memory`), "service" for the rest of
 * this service, or null when it is about another part of the file.
 */
export function fieldOfPath(path: string, service: string, value: ServiceFormValue): string | null {
  const prefixes = [`services.${service}`, `services[${JSON.stringify(service)}]`];
  const prefix = prefixes.find((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  if (!prefix) return null;
  const rest = path.slice(prefix.length).replace(/^\./, "");
  const idx = (key: string) => new RegExp(`^${key}\\[(\\d+)\\](?:\\.(\\w+))?`).exec(rest);
  const simple: Record<string, string> = {
    image: "image",
    command: "command",
    entrypoint: "command",
    "deploy.replicas": "replicas",
    "healthcheck.test": "healthcheck.test",
    "healthcheck.interval": "healthcheck.interval",
    "healthcheck.retries": "healthcheck.retries",
    "deploy.resources.limits.cpus": "limits.cpus",
    "deploy.resources.limits.memory": "limits.memory",
    "deploy.resources.reservations.cpus": "reservations.cpus",
    "deploy.resources.reservations.memory": "reservations.memory",
  };
  for (const [k, f] of Object.entries(simple)) if (rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`)) return f;
  let m = idx("ports");
  if (m) return `ports.${m[1]}.${m[2] === "published" ? "published" : "target"}`;
  m = idx("volumes");
  // a short-syntax entry's problem is most often its source (a host path the policy refuses)
  if (m) return `volumes.${m[1]}.${m[2] === "target" ? "target" : "source"}`;
  m = idx("secrets");
  if (m) return `secrets.${m[1]}`;
  m = idx("environment");
  if (m) return `environment.${m[1]}.name`;
  const envKey = /^environment(?:\.([A-Za-z0-9_-]+)|\[("(?:[^"\\]|\\.)*")\])/.exec(rest);
  if (envKey) {
    const key = envKey[1] ?? (JSON.parse(envKey[2]) as string);
    const i = value.environment.findIndex((e) => e.name.trim() === key);
    return i >= 0 ? `environment.${i}.name` : "environment";
  }
  m = /^deploy\.placement\.constraints\[(\d+)\]/.exec(rest);
  if (m) return `constraints.${m[1]}`;
  if (rest.startsWith("deploy.placement")) return "constraints";
  if (rest.startsWith("healthcheck")) return "healthcheck.test";
  for (const list of ["ports", "volumes", "secrets", "environment"]) if (rest === list) return list;
  return "service";
}

// ─── writing ────────────────────────────────────────────────────────────────────────────────────

const portKey = (p: PortRow) => `${p.published.trim()}|${p.target.trim()}|${p.protocol}|${p.hostMode}`;
const volumeKey = (v: VolumeRow) => `${v.source.trim()}|${v.target.trim()}|${v.readOnly}`;
const envKey = (e: EnvRow) => `${e.name.trim()}=${e.value}`;

function portNode(doc: Document, p: PortRow): Node {
  const target = Number(p.target.trim());
  if (p.hostMode) {
    const o: Record<string, unknown> = { target };
    if (p.published.trim()) o.published = Number(p.published.trim());
    if (p.protocol === "udp") o.protocol = "udp";
    o.mode = "host";
    return doc.createNode(o);
  }
  const s = new Scalar(`${p.published.trim() ? `${p.published.trim()}:` : ""}${target}${p.protocol === "udp" ? "/udp" : ""}`);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

function volumeNode(v: VolumeRow): Node {
  const src = v.source.trim();
  const target = v.target.trim();
  return new Scalar(`${src ? `${src}:` : ""}${target}${v.readOnly ? ":ro" : ""}`);
}

/** A new list of `rows`: items whose value did not change keep their node (and its comments). */
function mergeList<R>(doc: Document, old: unknown, rows: R[], key: (r: R) => string, read: (v: unknown) => R, make: (r: R) => Node): YAMLSeq | null {
  const oldItems = isSeq(old) ? (old.items as unknown[]) : [];
  const oldKeys = oldItems.map((n) => key(read(toJS(n))));
  const newKeys = rows.map(key);
  if (isSeq(old) && oldKeys.length === newKeys.length && oldKeys.every((k, i) => k === newKeys[i])) return null; // unchanged
  const used = new Set<number>();
  const items = rows.map((r, i) => {
    const j = oldKeys.findIndex((k, n) => !used.has(n) && k === newKeys[i]);
    if (j >= 0) {
      used.add(j);
      return oldItems[j];
    }
    return make(r);
  });
  const seq = isSeq(old) ? old : (doc.createNode([]) as YAMLSeq);
  seq.items = items;
  return seq;
}

const toJS = (n: unknown): unknown => (n && typeof n === "object" && "toJSON" in n ? (n as { toJSON(): unknown }).toJSON() : n);

/** Sets a key of `map` to a scalar unless it holds that text already; empty text removes the key. */
function setScalar(doc: Document, map: YAMLMap, path: string[], text: string, as: "string" | "int" = "string"): void {
  const t = text.trim();
  const current = map.getIn(path, true);
  if (!t) {
    if (current !== undefined) deleteIn(map, path);
    return;
  }
  if (isScalar(current) && str(current.value) === t) return;
  setIn(doc, map, path, as === "int" ? Number(t) : t);
}

function setIn(doc: Document, map: YAMLMap, path: string[], value: unknown): void {
  let m = map;
  for (const k of path.slice(0, -1)) {
    const found: unknown = m.get(k, true);
    let next: YAMLMap;
    if (isMap(found)) next = found;
    else {
      next = doc.createNode({}) as YAMLMap;
      m.set(k, next);
    }
    m = next;
  }
  m.set(path[path.length - 1], isScalar(value) || isSeq(value) || isMap(value) ? value : doc.createNode(value));
}

/** Removes a key, then every map on its path left empty. */
function deleteIn(map: YAMLMap, path: string[]): void {
  const chain: YAMLMap[] = [map];
  for (const k of path.slice(0, -1)) {
    const next = chain[chain.length - 1].get(k, true);
    if (!isMap(next)) return;
    chain.push(next);
  }
  chain[chain.length - 1].delete(path[path.length - 1]);
  for (let i = chain.length - 1; i > 0; i--) {
    if (chain[i].items.length > 0) break;
    chain[i - 1].delete(path[i - 1]);
  }
}

function setList(map: YAMLMap, path: string[], seq: YAMLSeq | null, empty: boolean, doc: Document): void {
  if (empty) {
    if (map.getIn(path, true) !== undefined) deleteIn(map, path);
    return;
  }
  if (seq && map.getIn(path, true) !== seq) setIn(doc, map, path, seq);
}

function writeEnvironment(doc: Document, svc: YAMLMap, rows: EnvRow[]): void {
  const old = svc.get("environment", true);
  if (rows.length === 0) {
    if (old !== undefined) svc.delete("environment");
    return;
  }
  const oldRows = readEnvironment(toJS(old));
  if (oldRows.length === rows.length && oldRows.every((r, i) => envKey(r) === envKey(rows[i]))) return;
  if (isSeq(old)) {
    const seq = mergeList(
      doc,
      old,
      rows,
      envKey,
      (v) => readEnvironment([v])[0],
      (r) => new Scalar(`${r.name.trim()}=${r.value}`),
    );
    if (seq) svc.set("environment", seq);
    return;
  }
  const map = isMap(old) ? old : (doc.createNode({}) as YAMLMap);
  const oldPairs = map.items;
  map.items = rows.map((r) => {
    const same = oldPairs.find((p) => keyString(p.key) === r.name.trim() && str(toJS(p.value)) === r.value);
    if (same) return same;
    return new Pair(new Scalar(r.name.trim()), new Scalar(r.value)) as (typeof oldPairs)[number];
  });
  if (!isMap(old)) svc.set("environment", map);
}

/** Declares names the service uses under a top-level section (`secrets:` external, `volumes:`) when missing. */
function declare(doc: Document, section: "secrets" | "volumes", names: string[]): void {
  if (!names.length) return;
  let top = doc.get(section, true);
  if (!isMap(top)) {
    top = doc.createNode({}) as YAMLMap;
    doc.set(section, top);
  }
  for (const n of names) {
    if ((top as YAMLMap).has(n)) continue;
    (top as YAMLMap).set(n, section === "secrets" ? doc.createNode({ external: true }) : null);
  }
}

/** The lines of `text` a key/value pair covers (its key's line to its value's last line). */
function pairSpan(doc: Document, text: string, path: string[]): [number, number] | null {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return null;
  const pair = parent.items.find((p) => keyString(p.key) === path[path.length - 1]);
  const keyRange = isScalar(pair?.key) ? pair.key.range : undefined;
  if (!pair || !keyRange) return null;
  const valueRange = (pair.value as Node | null)?.range;
  const start = text.lastIndexOf("\n", keyRange[0] - 1) + 1;
  let end = valueRange ? valueRange[1] : keyRange[1];
  if (end > 0 && text[end - 1] !== "\n") {
    const nl = text.indexOf("\n", end);
    end = nl < 0 ? text.length : nl + 1;
  }
  return [start, end];
}

/** The indentation the file uses for its services (2 when it has none). */
function indentOf(doc: Document, text: string): number {
  const first = servicesMap(doc)?.items[0]?.key;
  const at = isScalar(first) ? first.range?.[0] : undefined;
  if (at === undefined) return 2;
  const col = at - (text.lastIndexOf("\n", at - 1) + 1);
  return col >= 1 && col <= 8 ? col : 2;
}

const stringify = (doc: Document, indent: number) => doc.toString({ indent, flowCollectionPadding: false });

/**
 * The file with one service written from the form: `original` is the name it had (null for a new
 * service; a new name renames the key in place). Only the lines of that service (and of the
 * top-level secrets/volumes it declares) are replaced: everything else keeps its text, order and
 * comments byte for byte. Throws only on a file that readService would refuse.
 */
export function writeService(text: string, original: string | null, v: ServiceFormValue): string {
  const before = parse(text);
  if ("error" in before) throw new Error(`The compose file cannot be read (${before.error.code})`);
  const indent = indentOf(before.doc, text);
  const doc = (parse(text) as { doc: Document }).doc;
  applyService(doc, original, v);
  const out = stringify(doc, indent);
  if (!servicesMap(before.doc) || !text.trim()) return out;
  // Splice: each region whose normalized text changed takes its new lines, in place.
  const normal = stringify(before.doc, indent);
  const normalDoc = parseDocument(normal);
  const outDoc = parseDocument(out);
  const name = v.name.trim();
  const regions: { from: string[]; to: string[]; insertAt: string[] | null }[] = [
    { from: ["services", original ?? name], to: ["services", name], insertAt: ["services"] },
    { from: ["secrets"], to: ["secrets"], insertAt: null },
    { from: ["volumes"], to: ["volumes"], insertAt: null },
  ];
  const edits: { at: number; end: number; text: string }[] = [];
  for (const r of regions) {
    const next = pairSpan(outDoc, out, r.to);
    if (!next) continue;
    const newText = out.slice(...next);
    const was = original === null && r.insertAt ? null : pairSpan(before.doc, text, r.from);
    const wasNormal = original === null && r.insertAt ? null : pairSpan(normalDoc, normal, r.from);
    if (was && wasNormal && normal.slice(...wasNormal) === newText) continue; // unchanged
    if (was) edits.push({ at: was[0], end: was[1], text: newText });
    else {
      const after = r.insertAt ? pairSpan(before.doc, text, r.insertAt) : null;
      const at = after ? after[1] : text.length;
      edits.push({ at, end: at, text: (at > 0 && text[at - 1] !== "\n" ? "\n" : "") + newText });
    }
  }
  let result = text;
  // from the end; at one position, the replacement before the insertion
  for (const e of edits.sort((a, b) => b.at - a.at || b.end - a.end)) result = result.slice(0, e.at) + e.text + result.slice(e.end);
  return result;
}

function applyService(doc: Document, original: string | null, v: ServiceFormValue): void {
  if (doc.contents === null) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  let services = servicesMap(doc);
  if (!services) {
    services = doc.createNode({}) as YAMLMap;
    doc.set("services", services);
  }
  const name = v.name.trim();
  let svc: YAMLMap;
  const existing = original !== null ? services.items.find((p) => keyString(p.key) === original) : undefined;
  if (existing && isMap(existing.value)) {
    svc = existing.value;
    if (original !== name) {
      if (isScalar(existing.key)) existing.key.value = name;
      else existing.key = new Scalar(name);
    }
  } else {
    svc = doc.createNode({}) as YAMLMap;
    services.set(name, svc);
  }

  setScalar(doc, svc, ["image"], v.image);
  const oldCommand = svc.get("command", true);
  if (readCommand(toJS(oldCommand)) !== v.command.trim() || (!v.command.trim() && oldCommand !== undefined)) setScalar(doc, svc, ["command"], v.command);
  // replicas: 1 is Compose's default; a file that never said it does not get it written
  if (!(v.replicas.trim() === "1" && svc.getIn(["deploy", "replicas"]) === undefined)) setScalar(doc, svc, ["deploy", "replicas"], v.replicas, "int");

  setList(
    svc,
    ["ports"],
    mergeList(doc, svc.get("ports", true), v.ports, portKey, readPort, (p) => portNode(doc, p)),
    v.ports.length === 0,
    doc,
  );
  writeEnvironment(doc, svc, v.environment);
  const secrets = v.secrets.map((s) => s.trim());
  const asScalar = (s: string): Node => new Scalar(s);
  setList(
    svc,
    ["secrets"],
    mergeList(doc, svc.get("secrets", true), secrets, (s) => s, readSecret, asScalar),
    secrets.length === 0,
    doc,
  );
  setList(svc, ["volumes"], mergeList(doc, svc.get("volumes", true), v.volumes, volumeKey, readVolume, volumeNode), v.volumes.length === 0, doc);

  const oldTest = svc.getIn(["healthcheck", "test"], true);
  if (readTest(toJS(oldTest)) !== v.healthcheck.test.trim() || (!v.healthcheck.test.trim() && oldTest !== undefined))
    setScalar(doc, svc, ["healthcheck", "test"], v.healthcheck.test);
  setScalar(doc, svc, ["healthcheck", "interval"], v.healthcheck.interval);
  setScalar(doc, svc, ["healthcheck", "retries"], v.healthcheck.retries, "int");
  for (const kind of ["limits", "reservations"] as const) {
    setScalar(doc, svc, ["deploy", "resources", kind, "cpus"], v[kind].cpus);
    setScalar(doc, svc, ["deploy", "resources", kind, "memory"], v[kind].memory);
  }
  const constraints = v.constraints.map((c) => c.trim());
  const oldConstraints = svc.getIn(["deploy", "placement", "constraints"], true);
  const oneString = typeof toJS(oldConstraints) === "string" && constraints.length === 1 && constraints[0] === str(toJS(oldConstraints)).trim();
  if (!oneString) {
    const seq = mergeList(
      doc,
      oldConstraints,
      constraints,
      (c) => c,
      (c) => str(c).trim(),
      asScalar,
    );
    setList(svc, ["deploy", "placement", "constraints"], seq, constraints.length === 0, doc);
  }

  declare(doc, "secrets", secrets.filter(Boolean));
  const namedVolumes = v.volumes.map((x) => x.source.trim()).filter((s) => s && !s.startsWith("/") && !s.startsWith(".") && !s.startsWith("~"));
  declare(doc, "volumes", namedVolumes);
}

/** The YAML of one service alone (the form's live view of what it writes). */
export function serviceSnippet(text: string, name: string): string {
  const r = parse(text);
  if ("error" in r) return "";
  const s = servicesMap(r.doc)?.get(name, true);
  if (!isMap(s)) return "";
  const doc = parseDocument("{}");
  doc.contents = new YAMLMap() as unknown as typeof doc.contents;
  (doc.contents as unknown as YAMLMap).set(name, s);
  return doc.toString();
}
