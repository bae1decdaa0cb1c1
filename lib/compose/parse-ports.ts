// Ports in every Compose form. Swarm publishes through its ingress on every node, so a host IP in
// a port cannot be honoured: it is handed to the policy as a refusal rather than silently dropped,
// because the user meant "only on this interface" and would otherwise expose the port to the world.

import type { PortSpec, Protocol } from "./app-spec";
import { childPath, type Issues, type Refusal } from "./issues";
import { checkKeys, isObj, readInt, readString } from "./values";

const MAX_RANGE = 1000;
const MAX_PORTS = 1000;
/** Writing the wildcard address means what Swarm does anyway, so it is accepted. */
const ALL_INTERFACES = ["", "0.0.0.0", "::", "[::]"];

function portNumber(s: string, path: string, is: Issues): number | undefined {
  if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) {
    is.error(path, "Port numbers must be whole numbers from 1 to 65535", "composeProblems.portNumber");
    return undefined;
  }
  return Number(s);
}

/** "8000" or "8000-8005" → [from, to]. */
function portRange(s: string, path: string, is: Issues): [number, number] | undefined {
  const parts = s.split("-");
  if (parts.length > 2) {
    is.error(path, `Port range ${JSON.stringify(s.slice(0, 40))} is not valid; write it as 8000-8005`, "composeProblems.portRange", { range: s.slice(0, 40) });
    return undefined;
  }
  const from = portNumber(parts[0], path, is);
  const to = parts.length === 2 ? portNumber(parts[1], path, is) : from;
  if (from === undefined || to === undefined) return undefined;
  if (to < from || to - from >= MAX_RANGE) {
    is.error(path, `Port range must go upwards and hold at most ${MAX_RANGE} ports`, "composeProblems.portRangeOrder", { max: MAX_RANGE });
    return undefined;
  }
  return [from, to];
}

function protocol(s: string, path: string, is: Issues): Protocol | undefined {
  const p = s.toLowerCase();
  if (p === "tcp" || p === "udp") return p;
  is.error(path, 'Protocol must be "tcp" or "udp"', "composeProblems.protocol");
  return undefined;
}

/** "80", "8080:80", "8080:80/udp", "127.0.0.1:8080:80", "8000-8001:8000-8001". */
function parseShort(s: string, path: string, is: Issues, refused: Refusal[]): PortSpec[] {
  let body = s.trim();
  let proto: Protocol = "tcp";
  const slash = body.lastIndexOf("/");
  if (slash >= 0) {
    const p = protocol(body.slice(slash + 1), path, is);
    if (!p) return [];
    proto = p;
    body = body.slice(0, slash);
  }
  const parts = body.split(":");
  const targetText = parts.pop()!;
  const publishedText = parts.length > 0 ? parts.pop()! : "";
  if (parts.length > 0 && !ALL_INTERFACES.includes(parts.join(":"))) {
    refused.push({
      path,
      rule: "host-ip",
      key: "composeRules.hostIpShort",
      message:
        "Binding a port to a host IP is not possible on Swarm (ports are published on every node); remove the IP and publish the port from the environment's pool",
    });
  }
  const target = portRange(targetText, path, is);
  if (!target) return [];
  if (publishedText === "") return expand(target, undefined, proto);
  const published = portRange(publishedText, path, is);
  if (!published) return [];
  if (published[1] - published[0] !== target[1] - target[0]) {
    is.error(path, "Published and container port ranges must have the same length", "composeProblems.portRangeLength");
    return [];
  }
  return expand(target, published[0], proto);
}

function expand([from, to]: [number, number], publishedFrom: number | undefined, proto: Protocol): PortSpec[] {
  const out: PortSpec[] = [];
  for (let t = from; t <= to; t++) {
    const spec: PortSpec = { target: t, protocol: proto };
    if (publishedFrom !== undefined) spec.published = publishedFrom + (t - from);
    out.push(spec);
  }
  return out;
}

/** Written by the export for a port a `remapPorts` deploy leased: the port the file asked for. */
export const REQUESTED_PORT_KEY = "x-caas-requested-port";
const LONG_KEYS = ["target", "published", "protocol", "mode", "host_ip", "name", "app_protocol", REQUESTED_PORT_KEY] as const;

function parseLong(o: Record<string, unknown>, path: string, is: Issues, refused: Refusal[]): PortSpec[] {
  checkKeys(o, LONG_KEYS, path, is);
  if (o.target === undefined) {
    is.error(childPath(path, "target"), "A port needs a target (the container port)", "composeProblems.portTarget");
    return [];
  }
  const target = readInt(o.target, childPath(path, "target"), is, 1, 65535);
  let proto: Protocol = "tcp";
  if (o.protocol !== undefined) {
    const s = readString(o.protocol, childPath(path, "protocol"), is);
    const p = s === undefined ? undefined : protocol(s, childPath(path, "protocol"), is);
    if (p) proto = p;
  }
  if (o.host_ip !== undefined && !ALL_INTERFACES.includes(String(o.host_ip))) {
    refused.push({
      path: childPath(path, "host_ip"),
      rule: "host-ip",
      message: "Binding a port to a host IP is not possible on Swarm; remove host_ip",
      key: "composeRules.hostIp",
    });
  }
  if (o.mode !== undefined && o.mode !== "ingress") {
    refused.push({
      path: childPath(path, "mode"),
      rule: "port-mode",
      key: "composeRules.hostPortMode",
      message: 'Only "ingress" port mode is supported; "host" mode would bind the port on whichever node runs the task',
    });
  }
  for (const k of ["name", "app_protocol"] as const) if (o[k] !== undefined) readString(o[k], childPath(path, k), is);
  if (target === undefined) return [];
  const spec: PortSpec = { target, protocol: proto };
  if (o.published !== undefined && o.published !== null && o.published !== "") {
    const p = readInt(o.published, childPath(path, "published"), is, 1, 65535);
    if (p !== undefined) spec.published = p;
  }
  if (o[REQUESTED_PORT_KEY] !== undefined && spec.published !== undefined) {
    const r = readInt(o[REQUESTED_PORT_KEY], childPath(path, REQUESTED_PORT_KEY), is, 1, 65535);
    if (r !== undefined && r !== spec.published) spec.requested = r;
  }
  return [spec];
}

/** Ports of one service; `paths` receives the key path of each returned port (ranges share one). */
export function parsePorts(v: unknown, path: string, is: Issues, refused: Refusal[], paths: string[] = []): PortSpec[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) {
    is.error(path, "ports must be a list", "composeProblems.portsList");
    return [];
  }
  const out: PortSpec[] = [];
  for (const [i, item] of v.entries()) {
    const p = childPath(path, i);
    if (out.length > MAX_PORTS) {
      // Ranges multiply; without a bound 1000 short strings would become a million ports.
      is.error(path, `A service may publish at most ${MAX_PORTS} ports`, "composeProblems.tooManyPorts", { max: MAX_PORTS });
      break;
    }
    let specs: PortSpec[] = [];
    if (typeof item === "number") specs = parseShort(String(item), p, is, refused);
    else if (typeof item === "string") specs = parseShort(item, p, is, refused);
    else if (isObj(item)) specs = parseLong(item, p, is, refused);
    else is.error(p, 'A port must be a string such as "8080:80" or a mapping with target/published/protocol', "composeProblems.portForm");
    out.push(...specs);
    paths.push(...specs.map(() => p));
  }
  return out;
}

/** `expose` only documents container ports; every port is reachable on the app network anyway. */
export function checkExpose(v: unknown, path: string, is: Issues): void {
  if (!Array.isArray(v)) {
    is.error(path, "expose must be a list of ports", "composeProblems.exposeList");
    return;
  }
  v.forEach((item, i) => {
    const s = readString(item, childPath(path, i), is);
    if (s === undefined) return;
    const [range, proto] = s.split("/");
    portRange(range, childPath(path, i), is);
    if (proto !== undefined) protocol(proto, childPath(path, i), is);
  });
}
