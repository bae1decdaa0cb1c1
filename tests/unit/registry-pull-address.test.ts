// Issue 17 item 6 (after issue 11 item 6): the address hosts pull portal images from is classified,
// and a platform admin (only) is told what to do when it is one no other host reaches.
import { describe, expect, it } from "vitest";
import { getRegistryInfo } from "@/lib/images/registry-info";
import type { Actor } from "@/lib/policy";
import { classifyPullAddress, pullAddressWarnings } from "@/lib/registry";
import { pullAddressHost } from "@/lib/registry/pull-address";

describe("the pull address hosts are given", () => {
  it("finds the host in host:port, [v6]:port, bare IPv6 and URLs", () => {
    expect(pullAddressHost("10.77.0.1:5000")).toBe("10.77.0.1");
    expect(pullAddressHost("[::1]:5000")).toBe("::1");
    expect(pullAddressHost("[FD00::1]")).toBe("fd00::1");
    expect(pullAddressHost("fd00::5000")).toBe("fd00::5000"); // a bare IPv6 literal's last group is no port
    expect(pullAddressHost("http://Registry.Example.com:5000/v2/")).toBe("registry.example.com");
    expect(pullAddressHost("registry.example.com")).toBe("registry.example.com");
  });

  it("is loopback for 127.0.0.0/8, ::1 and localhost, with or without port and scheme", () => {
    for (const a of [
      "127.0.0.1:5000",
      "127.1.2.3",
      "127.255.255.254:443",
      "localhost:5000",
      "LOCALHOST",
      "localhost.",
      "registry.localhost:5000",
      "[::1]:5000",
      "[::1]",
      "::1",
      "0:0:0:0:0:0:0:1",
      "[::ffff:127.0.0.1]:5000",
      "http://127.0.0.1:5000/",
    ])
      expect(classifyPullAddress(a), a).toBe("loopback");
  });

  it("is unspecified for 0.0.0.0 and ::", () => {
    for (const a of ["0.0.0.0:5000", "0.0.0.0", "[::]:5000", "::", "http://0.0.0.0:5000"]) expect(classifyPullAddress(a), a).toBe("unspecified");
  });

  it("is ok for addresses and names other hosts can reach", () => {
    for (const a of [
      "10.77.0.1:5000",
      "192.168.1.20:5000",
      "registry.example.com",
      "registry.example.com:443",
      "https://registry.example.com",
      "[fd00::1]:5000",
      "fd00::1",
      "127.example.com",
      "localhost.example.com:5000",
      "my-localhost:5000",
    ])
      expect(classifyPullAddress(a), a).toBe("ok");
  });

  it("words a warning with a code, the catalog key and the address", () => {
    expect(pullAddressWarnings("127.0.0.1:5000")).toEqual([
      expect.objectContaining({ code: "REGISTRY_LOOPBACK", messageKey: "registryWarning.loopback", messageParams: { address: "127.0.0.1:5000" } }),
    ]);
    expect(pullAddressWarnings("0.0.0.0:5000")).toEqual([expect.objectContaining({ code: "REGISTRY_UNSPECIFIED", messageKey: "registryWarning.unspecified" })]);
    expect(pullAddressWarnings("127.0.0.1:5000")[0].message).toMatch(/CAAS_REGISTRY_ADDR/);
    expect(pullAddressWarnings("10.77.0.1:5000")).toEqual([]);
  });
});

const actor = (platformAdmin: boolean, roles: [string, "owner" | "member" | "viewer"][] = []): Actor => ({
  userId: "u1",
  email: "u1@example.com",
  name: "U1",
  platformAdmin,
  roles: new Map(roles),
  via: "token",
});

// The Region rows as the portal would read them (no database in unit tests): passed in.
const regions = async (embedded: string) => [
  { name: "default", displayName: "Default", isDefault: true, pullAddress: embedded },
  { name: "shanghai", displayName: "Shanghai", isDefault: false, pullAddress: "reg.sh.example:5000" },
];

describe("getRegistryInfo", () => {
  it("tells a platform admin what is wrong with a loopback pull address", async () => {
    const info = await getRegistryInfo({ actor: actor(true), pullAddress: "127.0.0.1:5000", regions });
    expect(info).toMatchObject({ url: "127.0.0.1:5000", pullAddress: "127.0.0.1:5000", login: "docker login 127.0.0.1:5000 -u u1@example.com" });
    expect(info.warnings?.map((w) => w.code)).toEqual(["REGISTRY_LOOPBACK"]);
  });

  it("answers a platform admin an empty list for a reachable address", async () => {
    expect((await getRegistryInfo({ actor: actor(true), pullAddress: "10.77.0.1:5000", regions })).warnings).toEqual([]);
  });

  it("gives tenant users no warnings field at all, whatever the address", async () => {
    for (const roles of [[["t1", "owner"]], [["t1", "member"]], []] as [string, "owner" | "member" | "viewer"][][]) {
      const info = await getRegistryInfo({ actor: actor(false, roles), pullAddress: "127.0.0.1:5000", regions });
      expect(Object.keys(info).sort()).toEqual(["login", "personalNamespace", "pullAddress", "regions", "service", "url"]);
    }
  });

  it("answers per region the address its hosts pull from: the embedded registry's for the default region", async () => {
    const info = await getRegistryInfo({ actor: actor(false, [["t1", "viewer"]]), pullAddress: "10.77.0.1:5000", regions });
    expect(info.regions).toEqual([
      { name: "default", displayName: "Default", isDefault: true, pullAddress: "10.77.0.1:5000" },
      { name: "shanghai", displayName: "Shanghai", isDefault: false, pullAddress: "reg.sh.example:5000" },
    ]);
  });
});
