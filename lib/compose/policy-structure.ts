// Defense in depth: an AppSpec does not only come from parseCompose (edit forms, templates,
// rollbacks build or load one too), so the policy re-checks the shapes the parser guarantees:
// names, image references, env and label keys, ports and mount paths (T13 injection canaries).

import type { AppSpec, ServiceSpec } from "./app-spec";
import type { ErrorDetail } from "@/lib/errors";
import { childPath } from "./issues";
import { ALIAS_NAME, containerPathProblem, envNameProblem, imageProblem, labelKeyProblem, resourceNameProblem, type NameProblem } from "./names";

/** A structural rule's problem: English, and its catalog key (composeNameErrors.structure.*). */
const rule = (key: string, message: string): NameProblem => ({ message, key: `composeNameErrors.structure.${key}` });

function malformed(path: string, problem: NameProblem): ErrorDetail {
  return { rule: "malformed", path, message: problem.message, key: problem.key, ...(problem.params ? { params: problem.params } : {}) };
}

const CONTROL = /[\u0000-\u001f\u007f]/;

type Files = { secrets: Set<string>; configs: Set<string> };

function checkService(s: ServiceSpec, base: string, names: Set<string>, volumes: Set<string>, files: Files): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const p = (k: string) => childPath(base, k);
  const image: NameProblem | undefined =
    typeof s.image === "string" ? imageProblem(s.image) : { message: "Image must be a string", key: "composeNameErrors.imageString" };
  // A service with build: and no image is already refused under "build"; one cause, one message.
  const buildOnly = s.image === "" && s.refused.some((r) => r.rule === "build");
  if (image && !buildOnly) out.push(malformed(p("image"), image));
  for (const k of Object.keys(s.environment)) {
    const problem = envNameProblem(k);
    if (problem) out.push(malformed(childPath(p("environment"), k), problem));
  }
  for (const k of Object.keys(s.labels)) {
    const problem = labelKeyProblem(k);
    if (problem) out.push(malformed(childPath(p("labels"), k), problem));
  }
  if (!Number.isInteger(s.replicas) || s.replicas < 0) out.push(malformed(p("deploy"), rule("replicas", "replicas must be a whole number, 0 or more")));
  s.ports.forEach((port, i) => {
    const valid = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 1 && n <= 65535);
    if (!valid(port.target) || port.target === undefined || !valid(port.published) || (port.protocol !== "tcp" && port.protocol !== "udp")) {
      out.push(malformed(childPath(p("ports"), i), rule("ports", "Ports must be whole numbers from 1 to 65535 with protocol tcp or udp")));
    }
  });
  s.mounts.forEach((m, i) => {
    const path = childPath(p("volumes"), i);
    const target = containerPathProblem(m.target);
    if (target) out.push(malformed(path, target));
    if (!["volume", "bind", "tmpfs"].includes(m.type)) out.push(malformed(path, rule("mountType", "Mount type must be volume, bind or tmpfs")));
    if (m.type === "volume" && m.source !== undefined && !volumes.has(m.source))
      out.push(malformed(path, rule("mountVolume", "The mount names a volume the app does not declare")));
  });
  s.links.forEach((l, i) => {
    if (!names.has(l.service) || !ALIAS_NAME.test(l.alias))
      out.push(malformed(childPath(p("links"), i), rule("links", "Links must name a service of this app and a lowercase alias")));
  });
  s.dependsOn.forEach((d, i) => {
    if (!names.has(d)) out.push(malformed(childPath(p("depends_on"), i), rule("dependsOn", "depends_on must name a service of this app")));
  });
  for (const k of Object.keys(s.deployLabels ?? {})) {
    const problem = labelKeyProblem(k);
    if (problem) out.push(malformed(childPath(childPath(p("deploy"), "labels"), k), problem));
  }
  (s.networkAliases ?? []).forEach((a, i) => {
    if (!ALIAS_NAME.test(a)) out.push(malformed(childPath(p("networks"), i), rule("networkAlias", "Network aliases must be lowercase DNS names")));
  });
  for (const [kind, refs, declared] of [
    ["secrets", s.secrets, files.secrets],
    ["configs", s.configs, files.configs],
  ] as const) {
    (refs ?? []).forEach((r, i) => {
      const bad = !declared.has(r.source) || typeof r.target !== "string" || r.target === "" || CONTROL.test(r.target) || r.target.split("/").includes("..");
      if (bad)
        out.push(
          malformed(childPath(p(kind), i), { ...rule("fileRef", `${kind} must name a top-level entry of this app and a plain target path`), params: { kind } }),
        );
    });
  }
  const texts: [string, string | undefined][] = [
    [p("stop_signal"), s.stopSignal],
    ...(s.dns ?? []).map((d, i): [string, string] => [childPath(p("dns"), i), d]),
    ...(s.dnsSearch ?? []).map((d, i): [string, string] => [childPath(p("dns_search"), i), d]),
    ...(s.dnsOptions ?? []).map((d, i): [string, string] => [childPath(p("dns_opt"), i), d]),
    ...(s.extraHosts ?? []).flatMap((h, i): [string, string][] => [
      [childPath(p("extra_hosts"), i), h.host],
      [childPath(p("extra_hosts"), i), h.ip],
    ]),
    ...(s.placement?.constraints ?? []).map((c, i): [string, string] => [childPath(p("deploy"), `placement.constraints[${i}]`), c]),
    ...(s.placement?.preferences ?? []).map((c, i): [string, string] => [childPath(p("deploy"), `placement.preferences[${i}]`), c]),
    ...Object.entries(s.logging?.options ?? {}).flatMap(([k, v]): [string, string][] => [
      [childPath(p("logging"), k), k],
      [childPath(p("logging"), k), v],
    ]),
  ];
  for (const [path, t] of texts) {
    if (t !== undefined && (typeof t !== "string" || CONTROL.test(t)))
      out.push(malformed(path, rule("plainText", "Must be text without line breaks or control characters")));
  }
  (s.ulimits ?? []).forEach((u, i) => {
    if (!/^[a-z]{2,12}$/.test(u.name) || !Number.isSafeInteger(u.soft) || !Number.isSafeInteger(u.hard)) {
      out.push(malformed(childPath(p("ulimits"), i), rule("ulimits", "ulimits must name a limit with whole-number soft and hard values")));
    }
  });
  return out;
}

export function checkStructure(spec: AppSpec): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const names = new Set<string>();
  const volumes = new Set<string>();
  for (const v of spec.volumes) {
    const problem = resourceNameProblem(v.name, "Volume");
    if (problem) out.push(malformed(childPath("volumes", v.name), problem));
    volumes.add(v.name);
  }
  for (const s of spec.services) {
    const problem = resourceNameProblem(s.name, "Service");
    if (problem) out.push(malformed(childPath("services", s.name), problem));
    if (names.has(s.name)) out.push(malformed(childPath("services", s.name), rule("duplicateService", "Two services have the same name")));
    names.add(s.name);
  }
  if (spec.services.length === 0) out.push(malformed("services", rule("noServices", "The app needs at least one service")));
  const files: Files = { secrets: new Set(), configs: new Set() };
  for (const [kind, list] of [
    ["secrets", spec.secrets ?? []],
    ["configs", spec.configs ?? []],
  ] as const) {
    for (const o of list) {
      if (resourceNameProblem(o.name, "Secret") || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(o.externalName)) {
        out.push(malformed(childPath(kind, o.name), { ...rule("fileName", `${kind} entries must have plain names`), params: { kind } }));
      } else files[kind].add(o.name);
    }
  }
  for (const s of spec.services) out.push(...checkService(s, childPath("services", s.name), names, volumes, files));
  return out;
}
