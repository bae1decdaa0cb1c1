// Issue 11 item 6: personal repositories showed the owner's internal id (u/ck…/web), and an image
// asked to be published showed no pending state.
import { describe, expect, it } from "vitest";
import { publishStates, repositoryLabel } from "@/components/images/image-labels";

describe("repository label", () => {
  const people = new Map([["ckuser123", "alice@example.test"]]);
  it("names a personal repository by its short name and owner, without the id", () => {
    const l = repositoryLabel("u/ckuser123/web", people);
    expect(l).toEqual({ name: "web", owner: "alice@example.test" });
    expect(JSON.stringify(l)).not.toContain("ckuser123");
  });
  it("keeps nested names and drops an unknown owner's id too", () => {
    expect(repositoryLabel("u/ckuser123/tools/web", people)).toEqual({ name: "tools/web", owner: "alice@example.test" });
    expect(repositoryLabel("u/ckother/web", people)).toEqual({ name: "web" });
  });
  it("leaves tenant, market and official paths as they are", () => {
    for (const r of ["t/team-a/web", "market/web", "official/nginx"]) expect(repositoryLabel(r, people)).toEqual({ name: r });
  });
});

describe("publish state", () => {
  const images = [
    { id: "i1", digest: "sha256:a" },
    { id: "i2", digest: "sha256:b" },
    { id: "i3", digest: "sha256:c" },
  ];
  it("is pending while a request for the current digest waits, published once approved", () => {
    const s = publishStates(images, [
      { imageId: "i1", digest: "sha256:a", status: "pending" },
      { imageId: "i2", digest: "sha256:b", status: "rejected" },
      { imageId: "i2", digest: "sha256:b", status: "approved" },
      { imageId: "i3", digest: "sha256:old", status: "pending" },
    ]);
    expect(s.get("i1")).toBe("pending");
    expect(s.get("i2")).toBe("published");
    // a request for an older digest says nothing about the tag's new content
    expect(s.has("i3")).toBe(false);
  });
  it("is nothing after a rejection", () => {
    expect(publishStates(images, [{ imageId: "i1", digest: "sha256:a", status: "rejected" }]).size).toBe(0);
  });
});
