// T31 — the outbound address classifier: what the portal refuses to connect to on a tenant's
// behalf, in every spelling an attacker might use (IPv4, IPv6, IPv4-mapped IPv6, zones, brackets).
import { describe, expect, it } from "vitest";
import { cidrContains, classifyAddress, formatIp, parseCidr, parseIp, vetOutboundHost, type AddressPolicy, type OutboundDeps } from "@/lib/net";

const open: AddressPolicy = { ownAddresses: [], deny: [], allow: [] };
const reason = (addr: string, policy: AddressPolicy = open) => {
  const v = classifyAddress(addr, policy);
  return v.ok ? "ok" : v.reason;
};

describe("parseIp", () => {
  it("reads IPv4, IPv6 and IPv4-mapped IPv6 to the same 16 bytes", () => {
    const a = parseIp("127.0.0.1")!;
    for (const s of ["::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:0001", "[::ffff:127.0.0.1]"]) {
      const b = parseIp(s);
      expect(b, s).not.toBeNull();
      expect(Array.from(b!.bytes), s).toEqual(Array.from(a.bytes));
      expect(b!.v4, s).toBe(true);
    }
    expect(formatIp(parseIp("::ffff:7f00:1")!)).toBe("127.0.0.1");
    expect(formatIp(parseIp("2001:db8:0:0:0:0:0:1")!)).toBe("2001:db8::1");
    expect(formatIp(parseIp("fe80::1%eth0")!)).toBe("fe80::1");
  });

  it("refuses what is not an address literal", () => {
    for (const s of [
      "",
      "localhost",
      "127.1",
      "0x7f.0.0.1",
      "0177.0.0.1",
      "256.0.0.1",
      "1.2.3.4.5",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "::ffff:127.0.0.256",
      "12345::",
    ]) {
      expect(parseIp(s), s).toBeNull();
    }
  });
});

describe("parseCidr / cidrContains", () => {
  it("parses and canonicalizes ranges, single addresses included", () => {
    expect(parseCidr("10.1.2.3/8")!.text).toBe("10.0.0.0/8");
    expect(parseCidr("192.0.2.7")!.text).toBe("192.0.2.7/32");
    expect(parseCidr("fd00::1/8")!.text).toBe("fd00::/8");
    expect(parseCidr("2001:db8::1")!.text).toBe("2001:db8::1/128");
    for (const bad of ["10.0.0.0/33", "fd00::/129", "10.0.0.0/8/1", "10.0.0.0/-1", "x/8", "10.0.0.0/", "[::1]/128", "fe80::1%eth0/64"]) {
      expect(parseCidr(bad), bad).toBeNull();
    }
  });

  it("matches IPv4 ranges against IPv4-mapped IPv6 addresses too", () => {
    const c = parseCidr("10.77.0.0/24")!;
    expect(cidrContains(c, parseIp("10.77.0.11")!)).toBe(true);
    expect(cidrContains(c, parseIp("::ffff:10.77.0.11")!)).toBe(true);
    expect(cidrContains(c, parseIp("10.77.1.11")!)).toBe(false);
    expect(cidrContains(parseCidr("fd00::/8")!, parseIp("fd12::1")!)).toBe(true);
    expect(cidrContains(parseCidr("fd00::/8")!, parseIp("fe00::1")!)).toBe(false);
    expect(cidrContains(parseCidr("0.0.0.0/0")!, parseIp("2001:db8::1")!)).toBe(false);
  });
});

describe("classifyAddress", () => {
  it("refuses loopback, link-local, unspecified, multicast and broadcast in IPv4 and IPv6", () => {
    const cases: [string, string][] = [
      ["127.0.0.1", "loopback"],
      ["127.255.255.254", "loopback"],
      ["::1", "loopback"],
      ["::ffff:127.0.0.1", "loopback"],
      ["::ffff:7f00:1", "loopback"],
      ["169.254.169.254", "link_local"],
      ["::ffff:169.254.169.254", "link_local"],
      ["fe80::1", "link_local"],
      ["febf::1", "link_local"],
      ["0.0.0.0", "unspecified"],
      ["0.1.2.3", "unspecified"],
      ["::", "unspecified"],
      ["::127.0.0.1", "unspecified"], // deprecated IPv4-compatible form
      ["224.0.0.1", "multicast"],
      ["239.255.255.250", "multicast"],
      ["ff02::1", "multicast"],
      ["255.255.255.255", "broadcast"],
      ["not-an-ip", "invalid_address"],
    ];
    for (const [addr, why] of cases) expect(reason(addr), addr).toBe(why);
  });

  it("allows private ranges by default (the lab is 10.77.0.0/24) and public addresses", () => {
    for (const a of ["10.77.0.11", "192.168.1.5", "172.16.0.1", "fd00::5", "203.0.113.9", "2001:db8::1", "::ffff:10.77.0.12", "fec0::1"]) {
      expect(reason(a), a).toBe("ok");
    }
  });

  it("refuses the portal's own addresses in any spelling", () => {
    const policy = { ...open, ownAddresses: ["192.0.2.2", "fd00::2", "fe80::fc:ff:fe00:1"] };
    expect(reason("192.0.2.2", policy)).toBe("portal_address");
    expect(reason("::ffff:192.0.2.2", policy)).toBe("portal_address");
    expect(reason("fd00:0::2", policy)).toBe("portal_address");
    expect(reason("192.0.2.3", policy)).toBe("ok");
  });

  it("applies the admin's deny list, then the allow list when it is not empty", () => {
    const policy = { ownAddresses: [], deny: ["10.77.0.128/25", "fd00:bad::/32"], allow: ["10.0.0.0/8", "fd00::/8"] };
    expect(reason("10.77.0.11", policy)).toBe("ok");
    expect(reason("10.77.0.200", policy)).toBe("denied_range");
    expect(reason("::ffff:10.77.0.200", policy)).toBe("denied_range");
    expect(reason("fd00:bad::1", policy)).toBe("denied_range");
    expect(reason("192.168.1.5", policy)).toBe("outside_allow_list");
    expect(reason("2001:db8::1", policy)).toBe("outside_allow_list");
    // the allow list never re-opens a built-in category
    expect(reason("127.0.0.1", { ...policy, allow: ["0.0.0.0/0"] })).toBe("loopback");
  });
});

describe("vetOutboundHost", () => {
  function deps(answers: Record<string, string[]>, lists = { allow: [] as string[], deny: [] as string[] }) {
    const asked: string[] = [];
    const d: OutboundDeps = {
      lookup: async (h) => {
        asked.push(h);
        const a = answers[h];
        if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: "ENOTFOUND" });
        return a.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
      },
      ownAddresses: () => ["192.0.2.2"],
      networkLists: async () => lists,
    };
    return { d, asked };
  }

  it("returns the resolved address to connect to when every answer passes", async () => {
    const { d } = deps({ "engine.example": ["10.77.0.11", "fd00::11"] });
    expect(await vetOutboundHost("engine.example", d)).toEqual({ ok: true, address: "10.77.0.11", family: 4 });
  });

  it("refuses a name when any of its answers is refused (rebinding-style mixed answers)", async () => {
    const { d } = deps({ "mixed.example": ["10.77.0.11", "127.0.0.1"], "me.example": ["192.0.2.2"] });
    expect(await vetOutboundHost("mixed.example", d)).toEqual({ ok: false, reason: "loopback", address: "127.0.0.1" });
    expect(await vetOutboundHost("me.example", d)).toMatchObject({ ok: false, reason: "portal_address" });
  });

  it("does not resolve address literals, bracketed IPv6 included", async () => {
    const { d, asked } = deps({});
    expect(await vetOutboundHost("[::1]", d)).toMatchObject({ ok: false, reason: "loopback" });
    expect(await vetOutboundHost("10.77.0.12", d)).toEqual({ ok: true, address: "10.77.0.12", family: 4 });
    expect(asked).toEqual([]);
  });

  it("applies the deny list read at the time of the check", async () => {
    const lists = { allow: [] as string[], deny: [] as string[] };
    const { d } = deps({}, lists);
    expect((await vetOutboundHost("203.0.113.5", d)).ok).toBe(true);
    lists.deny = ["203.0.113.0/24"];
    expect(await vetOutboundHost("203.0.113.5", d)).toMatchObject({ ok: false, reason: "denied_range" });
  });

  it("lets a resolution failure through as the resolver's error", async () => {
    const { d } = deps({});
    await expect(vetOutboundHost("nowhere.example", d)).rejects.toMatchObject({ code: "ENOTFOUND" });
  });
});
