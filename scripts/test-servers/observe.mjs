// Real receivers for the observability tests (issue 19), each a child process or server owned by
// the test, on a port of its own, with its own config and data under a temporary folder; never a
// system service of the machine.
//   startPrometheus({ scrapeConfigs }) Debian's prometheus on a free loopback port, scraping the
//                                      portal; query(promql) over its HTTP API.
//   startSyslogReceiver({ host })      Debian's rsyslogd with a private config: TCP and UDP syslog on
//                                      `host` (the lab engines reach 10.77.0.1), every message
//                                      written as a line to a file; lines() reads them.
//   startSmtpSink()                    an SMTP server (npm smtp-server) on loopback keeping each
//                                      message it receives.
//   startWebhookReceiver({ netns, host }) a small HTTP server run inside a lab network namespace
//                                      (a destination the portal's outbound policy accepts,
//                                      unlike its own addresses), printing each request as JSON.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { SMTPServer } from "smtp-server";

export async function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

function mustExist(bin, pkg) {
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: install Debian's ${pkg} (scripts/setup-system.sh)`);
}

export async function startPrometheus({ scrapeConfigs, intervalSeconds = 1 }) {
  const bin = "/usr/bin/prometheus";
  mustExist(bin, "prometheus");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-prom-"));
  const port = await freePort();
  const lines = [`global:`, `  scrape_interval: ${intervalSeconds}s`, `  scrape_timeout: ${intervalSeconds}s`, `scrape_configs:`];
  for (const c of scrapeConfigs) {
    lines.push(`  - job_name: ${JSON.stringify(c.job)}`, `    metrics_path: ${JSON.stringify(c.path)}`);
    if (c.params) {
      lines.push(`    params:`);
      for (const [k, v] of Object.entries(c.params)) lines.push(`      ${k}: [${JSON.stringify(v)}]`);
    }
    if (c.token) lines.push(`    authorization:`, `      type: Bearer`, `      credentials: ${JSON.stringify(c.token)}`);
    lines.push(`    static_configs:`, `      - targets: [${JSON.stringify(c.target)}]`);
  }
  fs.writeFileSync(path.join(dir, "prometheus.yml"), lines.join("\n") + "\n", { mode: 0o600 });
  let log = "";
  const child = spawn(
    bin,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.console.templates=/etc/prometheus/consoles",
      "--web.console.libraries=/etc/prometheus/console_libraries",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log = (log + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log.slice(-2000)}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* not yet */
    }
    if (i > 100) throw new Error(`prometheus did not become ready: ${log.slice(-2000)}`);
    await sleep(200);
  }
  return {
    url,
    log: () => log,
    async query(promql) {
      const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = await r.json();
      if (body.status !== "success") throw new Error(`query ${promql}: ${JSON.stringify(body)}`);
      return body.data.result;
    },
    async targets() {
      const r = await fetch(`${url}/api/v1/targets`);
      return (await r.json()).data.activeTargets;
    },
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startSyslogReceiver({ host = "10.77.0.1" } = {}) {
  const bin = "/usr/sbin/rsyslogd";
  mustExist(bin, "rsyslog");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-rsyslog-"));
  const port = await freePort(host);
  const out = path.join(dir, "received.log");
  // One line per message: the tag (APP-NAME in RFC 5424) then the message text.
  const conf = [
    `global(workDirectory="${dir}")`,
    `module(load="imtcp")`,
    `module(load="imudp")`,
    `input(type="imtcp" address="${host}" port="${port}")`,
    `input(type="imudp" address="${host}" port="${port}")`,
    `template(name="caasLine" type="string" string="%app-name%|%syslogtag%|%msg%\\n")`,
    `action(type="omfile" file="${out}" template="caasLine" flushOnTXEnd="on" asyncWriting="off")`,
  ].join("\n");
  fs.writeFileSync(path.join(dir, "rsyslog.conf"), conf + "\n");
  const pidFile = path.join(dir, "rsyslogd.pid");
  let log = "";
  // -n: stay in the foreground (a child of the test); -i: its own pid file; -f: only this config.
  const child = spawn(bin, ["-n", "-i", pidFile, "-f", path.join(dir, "rsyslog.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log = (log + d).slice(-20_000)));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`rsyslogd exited: ${log.slice(-2000)}`);
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host, port }, () => (s.end(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (ok) break;
    if (i > 100) throw new Error(`rsyslogd did not listen on ${host}:${port}: ${log.slice(-2000)}`);
    await sleep(100);
  }
  return {
    host,
    port,
    log: () => log,
    lines: () => (fs.existsSync(out) ? fs.readFileSync(out, "utf8").split("\n").filter(Boolean) : []),
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startSmtpSink() {
  const messages = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (c) => chunks.push(c));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom?.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return { host: "127.0.0.1", port, messages, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

const RECEIVER = `
const http = require("node:http");
const [host, port] = process.argv.slice(1);
http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    process.stdout.write(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") }) + "\\n");
    res.writeHead(204).end();
  });
}).listen(Number(port), host, () => process.stdout.write(JSON.stringify({ ready: true }) + "\\n"));
`;

export async function startWebhookReceiver({ netns = "caas-lab-h1", host = "10.77.0.11", port = 18080 } = {}) {
  if (!fs.existsSync(`/run/netns/${netns}`)) throw new Error(`lab network namespace ${netns} is missing: run "npm run lab:up"`);
  const requests = [];
  const child = spawn("nsenter", [`--net=/run/netns/${netns}`, process.execPath, "-e", RECEIVER, host, String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  let ready;
  const isReady = new Promise((r) => (ready = r));
  readline.createInterface({ input: child.stdout }).on("line", (l) => {
    const m = JSON.parse(l);
    if (m.ready) ready();
    else requests.push(m);
  });
  await Promise.race([
    isReady,
    new Promise((_, reject) => child.once("exit", (c) => reject(new Error(`webhook receiver exited ${c}: ${err}`)))),
    sleep(10_000).then(() => {
      throw new Error(`webhook receiver not ready: ${err}`);
    }),
  ]);
  return { url: `http://${host}:${port}/hook`, requests, stop: () => stopChild(child) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const what = process.argv[2];
  const s = what === "smtp" ? await startSmtpSink() : what === "syslog" ? await startSyslogReceiver() : null;
  if (!s) {
    console.error("usage: node scripts/test-servers/observe.mjs smtp|syslog");
    process.exit(2);
  }
  console.log(JSON.stringify({ host: s.host, port: s.port }));
  process.on("SIGINT", () => void s.stop().then(() => process.exit(0)));
}
