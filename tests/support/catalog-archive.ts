// Catalog archives for the app-store tests, written here byte by byte (tar through crafted-tar, zip
// by a minimal stored-entry writer), so hostile layouts can be built exactly as an attacker would.
import { crc32, gzipSync } from "node:zlib";
import { rawEntry, tarOf, type RawOpts } from "./crafted-tar";

export type Entry = { name: string; data?: Buffer | string; tar?: RawOpts; zipMode?: number };

export const tarGz = (entries: Entry[]): Buffer => gzipSync(tarOf(...entries.map((e) => rawEntry(e.name, e.data ?? "", e.tar))));

/** A zip of stored (uncompressed) entries; `zipMode` is the unix mode in the external attributes. */
export function zipOf(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.from(e.data ?? "");
    const name = Buffer.from(e.name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt16LE(0x0800, 6); // utf-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by unix
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.zipMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const QUESTIONS_V1 = `
    - variable: PAGE_TEXT
      label: Page text
      type: string
      required: true
      default: hello-v1
    - variable: MOTD
      label: Message of the day
      type: multiline
      default: "line one"
    - variable: REPLICAS
      label: Replicas
      type: int
      min: 1
      max: 3
      default: 1
    - variable: VERBOSE
      label: Verbose
      type: boolean
      default: false
    - variable: FLAVOUR
      label: Flavour
      type: enum
      options: [plain, fancy]
      default: plain
    - variable: ADMIN_PASSWORD
      label: Admin password
      type: password
      required: true
    - variable: BACKEND
      label: Backend service
      type: service
    - variable: TLS_CERT
      label: TLS certificate
      type: certificate`;

/** A Rancher 1.x catalog with one template ("webby") in two versions; v2 adds a question and changes the service. */
export function rancherCatalog(): Entry[] {
  const v1Compose = `version: '2'
services:
  web:
    image: lab/busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo \\"$$PAGE_TEXT\\" > /www/index.html && exec httpd -f -p 80 -h /www"]
    environment:
      PAGE_TEXT: \${PAGE_TEXT}
      FLAVOUR: \${FLAVOUR}
    labels:
      io.rancher.container.pull_image: always
      app.kind: demo
    ports:
      - "80"
`;
  const v2Compose = `version: '2'
services:
  web:
    image: lab/busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo \\"v2 $$PAGE_TEXT $$GREETING\\" > /www/index.html && exec httpd -f -p 80 -h /www"]
    environment:
      PAGE_TEXT: \${PAGE_TEXT}
      GREETING: \${GREETING}
    ports:
      - "80"
`;
  return [
    {
      name: "templates/webby/config.yml",
      data: "name: Webby\ndescription: A tiny web page\nversion: 1.0.0\ncategory: Web server\nmaintainer: Tests <t@example.test>\n",
    },
    { name: "templates/webby/README.md", data: "# Webby\n\nServes one page." },
    { name: "templates/webby/catalogIcon-webby.svg", data: '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>' },
    { name: "templates/webby/0/docker-compose.yml", data: v1Compose },
    {
      name: "templates/webby/0/rancher-compose.yml",
      data: `.catalog:
  name: Webby
  version: 1.0.0
  description: first
  minimum_rancher_version: v1.2.0
  questions:${QUESTIONS_V1}
web:
  scale: 1
  retain_ip: true
`,
    },
    { name: "templates/webby/1/docker-compose.yml.tpl", data: v2Compose },
    {
      name: "templates/webby/1/rancher-compose.yml",
      data: `.catalog:
  name: Webby
  version: 2.0.0
  description: second
  upgrade_from: ">=1.0.0 <2.0.0"
  questions:${QUESTIONS_V1}
    - variable: GREETING
      label: Greeting
      type: string
      required: true
      default: hi
web:
  scale: 1
  health_check:
    port: 80
    request_line: GET / HTTP/1.0
    interval: 2000
    response_timeout: 2000
    unhealthy_threshold: 3
`,
    },
  ];
}
