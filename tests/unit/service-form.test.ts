// The add/edit service form's mapping (lib/compose/service-form.ts): a service read into the form
// and written back gives the same file; a change rewrites that service only, keeping comments and
// key order; every field reaches its Compose key; bad input is named by its field; the validate
// endpoint's problems land on the right field.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  SERVICE_FORM_FIELDS,
  checkServiceForm,
  emptyService,
  fieldOfPath,
  listServices,
  readService,
  serviceSnippet,
  writeService,
  type ServiceFormValue,
} from "@/lib/compose/service-form";

const FILE = `# the shop
services:
  # the front
  web:
    image: nginx:1.27 # pinned
    command: ["nginx", "-g", "daemon off;"]
    deploy:
      replicas: 2
      resources:
        limits:
          memory: 256M
    ports:
      - "80"        # leased from the pool
      - target: 443
        published: 31443
        mode: host
    environment:
      LOG_LEVEL: info
      EMPTY:
    secrets:
      - db-password
    volumes:
      - html:/usr/share/nginx/html:ro
    healthcheck:
      test: ["CMD", "wget", "-q", "localhost"]
      interval: 10s
      retries: 3
    labels:
      team: shop
  db:
    image: postgres:16 # the database
    environment:
      - POSTGRES_DB=shop
volumes:
  html: {}
secrets:
  db-password:
    external: true
`;

function value(name: string, text = FILE): ServiceFormValue {
  const r = readService(text, name);
  if ("error" in r) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe("service form mapping", () => {
  it("lists the services of the file in order", () => {
    expect(listServices(FILE)).toEqual(["web", "db"]);
    expect(listServices("")).toEqual([]);
    expect(listServices("services: [")).toEqual([]);
  });

  it("reads every field of a service", () => {
    expect(value("web")).toEqual({
      name: "web",
      image: "nginx:1.27",
      command: 'nginx -g "daemon off;"',
      replicas: "2",
      ports: [
        { published: "", target: "80", protocol: "tcp", hostMode: false },
        { published: "31443", target: "443", protocol: "tcp", hostMode: true },
      ],
      environment: [
        { name: "LOG_LEVEL", value: "info" },
        { name: "EMPTY", value: "" },
      ],
      secrets: ["db-password"],
      volumes: [{ source: "html", target: "/usr/share/nginx/html", readOnly: true }],
      healthcheck: { test: "wget -q localhost", interval: "10s", retries: "3" },
      limits: { cpus: "", memory: "256M" },
      reservations: { cpus: "", memory: "" },
      constraints: [],
    });
    expect(value("db").environment).toEqual([{ name: "POSTGRES_DB", value: "shop" }]);
  });

  it("round trip: writing back what was read changes nothing, comments and all", () => {
    for (const name of ["web", "db"]) expect(writeService(FILE, name, value(name))).toBe(FILE);
  });

  it("a change rewrites that service only, keeping comments and key order", () => {
    const v = value("web");
    v.replicas = "3";
    v.environment.push({ name: "MODE", value: "1" });
    const out = writeService(FILE, "web", v);
    expect(out).toBe(
      FILE.replace("      replicas: 2", "      replicas: 3")
        .replace("      EMPTY:\n", '      EMPTY:\n      MODE: "1"\n')
        // the changed service is written by the yaml library: one space before a line comment
        .replace('"80"        #', '"80" #'),
    );
    const before = parse(FILE);
    const after = parse(out);
    expect(after.services.db).toEqual(before.services.db);
    expect(Object.keys(after.services.web)).toEqual(Object.keys(before.services.web));
    expect(out).toContain("# the front");
    expect(out).toContain("# leased from the pool");
    expect(out).toContain("image: postgres:16 # the database");
  });

  it("every field reaches its Compose key (a new service)", () => {
    const v: ServiceFormValue = {
      name: "api",
      image: "registry.example:5000/official/busybox:latest",
      command: "sleep 1d",
      replicas: "2",
      ports: [
        { published: "", target: "8080", protocol: "tcp", hostMode: false },
        { published: "31053", target: "53", protocol: "udp", hostMode: true },
      ],
      environment: [{ name: "A", value: "x y" }],
      secrets: ["api-key"],
      volumes: [
        { source: "data", target: "/data", readOnly: false },
        { source: "", target: "/cache", readOnly: false },
      ],
      healthcheck: { test: "wget -q -O- localhost:8080", interval: "30s", retries: "5" },
      limits: { cpus: "0.5", memory: "512M" },
      reservations: { cpus: "0.25", memory: "128M" },
      constraints: ["node.labels.zone == a"],
    };
    expect(SERVICE_FORM_FIELDS.length).toBe(16);
    const out = writeService(FILE, null, v);
    const doc = parse(out);
    expect(doc.services.api).toEqual({
      image: v.image,
      command: "sleep 1d",
      deploy: {
        replicas: 2,
        resources: { limits: { cpus: "0.5", memory: "512M" }, reservations: { cpus: "0.25", memory: "128M" } },
        placement: { constraints: ["node.labels.zone == a"] },
      },
      ports: ["8080", { target: 53, published: 31053, protocol: "udp", mode: "host" }],
      environment: { A: "x y" },
      secrets: ["api-key"],
      volumes: ["data:/data", "/cache"],
      healthcheck: { test: "wget -q -O- localhost:8080", interval: "30s", retries: 5 },
    });
    // the names it uses are declared at the top level, existing declarations untouched
    expect(doc.secrets).toEqual({ "db-password": { external: true }, "api-key": { external: true } });
    expect(doc.volumes).toEqual({ html: {}, data: null });
    // and read back into the same form
    expect(value("api", out)).toEqual(v);
    expect(doc.services.web).toEqual(parse(FILE).services.web);
  });

  it("writes into an empty file and renames a service in place", () => {
    const v = emptyService("web");
    v.image = "nginx";
    expect(writeService("", null, v)).toBe("services:\n  web:\n    image: nginx\n");
    const renamed = { ...value("db"), name: "postgres" };
    const out = writeService(FILE, "db", renamed);
    expect(listServices(out)).toEqual(["web", "postgres"]);
    expect(out).toContain("  postgres:\n    image: postgres:16 # the database");
  });

  it("emptied fields remove their keys and the maps left empty", () => {
    const v = value("web");
    v.limits.memory = "";
    v.replicas = "";
    v.healthcheck = { test: "", interval: "", retries: "" };
    v.ports = [];
    const web = parse(writeService(FILE, "web", v)).services.web;
    expect(web.deploy).toBeUndefined();
    expect(web.healthcheck).toBeUndefined();
    expect(web.ports).toBeUndefined();
    expect(web.labels).toEqual({ team: "shop" });
  });

  it("names each invalid input by its field", () => {
    const v: ServiceFormValue = {
      ...emptyService("Bad Name"),
      image: "UPPER CASE",
      replicas: "two",
      ports: [{ published: "70000", target: "", protocol: "tcp", hostMode: false }],
      environment: [
        { name: "1BAD", value: "" },
        { name: "A", value: "" },
        { name: "A", value: "" },
      ],
      secrets: ["bad name"],
      volumes: [{ source: "a:b", target: "relative", readOnly: false }],
      healthcheck: { test: "", interval: "ten seconds", retries: "-1" },
      limits: { cpus: "many", memory: "12 apples" },
      reservations: { cpus: "0", memory: "1G" },
      constraints: ["zone is a"],
    };
    const problems = checkServiceForm(v, { otherServices: [] });
    expect(problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      "name:serviceName",
      "image:image",
      "replicas:replicas",
      "ports.0.target:required",
      "ports.0.published:port",
      "environment.0.name:envName",
      "environment.2.name:duplicate",
      "secrets.0:objectName",
      "volumes.0.source:volumeSource",
      "volumes.0.target:containerPath",
      "healthcheck.interval:duration",
      "healthcheck.retries:wholeNumber",
      "limits.cpus:cpus",
      "limits.memory:memory",
      "reservations.cpus:cpus",
      "constraints.0:constraint",
    ]);
    expect(checkServiceForm({ ...value("web"), name: "db" }, { otherServices: ["db"] })).toEqual([
      { field: "name", code: "nameTaken", params: { name: "db" } },
    ]);
    expect(checkServiceForm(emptyService(""), { otherServices: [] }).map((p) => p.field)).toEqual(["name", "image"]);
    const over = { ...value("web"), reservations: { cpus: "", memory: "1G" } };
    expect(checkServiceForm(over, { otherServices: [] })).toEqual([{ field: "reservations.memory", code: "reservationAboveLimit" }]);
    expect(checkServiceForm(value("web"), { otherServices: ["db"] })).toEqual([]);
  });

  it("puts the validate endpoint's problems on the form's fields", () => {
    const v = value("web");
    expect(fieldOfPath("services.web.image", "web", v)).toBe("image");
    expect(fieldOfPath("services.web.deploy.replicas", "web", v)).toBe("replicas");
    expect(fieldOfPath("services.web.ports[1].published", "web", v)).toBe("ports.1.published");
    expect(fieldOfPath("services.web.ports[0]", "web", v)).toBe("ports.0.target");
    expect(fieldOfPath("services.web.environment.EMPTY", "web", v)).toBe("environment.1.name");
    expect(fieldOfPath("services.web.volumes[0]", "web", v)).toBe("volumes.0.source");
    expect(fieldOfPath("services.web.volumes[0].target", "web", v)).toBe("volumes.0.target");
    expect(fieldOfPath("services.web.secrets[0]", "web", v)).toBe("secrets.0");
    expect(fieldOfPath("services.web.deploy.resources.limits.memory", "web", v)).toBe("limits.memory");
    expect(fieldOfPath("services.web.deploy.resources.reservations.cpus", "web", v)).toBe("reservations.cpus");
    expect(fieldOfPath("services.web.deploy.placement.constraints[0]", "web", v)).toBe("constraints.0");
    expect(fieldOfPath("services.web.healthcheck.interval", "web", v)).toBe("healthcheck.interval");
    expect(fieldOfPath("services.web.privileged", "web", v)).toBe("service");
    expect(fieldOfPath("services.db.image", "web", v)).toBeNull();
    expect(fieldOfPath("services.webx.image", "web", v)).toBeNull();
    expect(fieldOfPath("volumes.html", "web", v)).toBeNull();
  });

  it("shows one service's YAML alone, and refuses files it cannot read", () => {
    expect(serviceSnippet(FILE, "db")).toBe("db:\n  image: postgres:16 # the database\n  environment:\n    - POSTGRES_DB=shop\n");
    expect(readService("services: [", "web")).toEqual({ error: { code: "yaml", line: 1 } });
    expect(readService("- a", "web")).toEqual({ error: { code: "notAMapping" } });
    expect(readService(FILE, "nope")).toEqual({ error: { code: "noService", name: "nope" } });
  });
});

describe("service form mapping, other layouts", () => {
  it("a new service follows the file's own indentation, the rest untouched", () => {
    const four = "services:\n    web:\n        image: nginx   # keep\n";
    const v = { ...emptyService("cache"), image: "redis:7", replicas: "2" };
    const out = writeService(four, null, v);
    expect(out).toBe("services:\n    web:\n        image: nginx   # keep\n    cache:\n        image: redis:7\n        deploy:\n            replicas: 2\n");
    expect(parse(out).services.cache).toEqual({ image: "redis:7", deploy: { replicas: 2 } });
  });
});
