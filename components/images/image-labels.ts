// What the images pages show for a repository and its publication (issue 11 item 6): personal
// repositories are stored as u/<user id>/<name> (the registry's path, needed to push and pull), but a
// person reads "web · alice@example.com", not an id; and an image asked to be published shows as
// pending until an admin decides. Pure, unit-tested (tests/unit/image-labels.test.ts).

export interface RepositoryLabel {
  /** The repository as a person reads it (no user id). */
  name: string;
  /** The owner of a personal repository, by email (or name), when known. */
  owner?: string;
}

/**
 * `u/<id>/<rest>` → `{ name: rest, owner }` with the owner's email from `people` (ids → email);
 * other scopes keep their path (t/<tenant slug>/…, market/…, official/… carry no ids).
 */
export function repositoryLabel(repository: string, people: ReadonlyMap<string, string>): RepositoryLabel {
  const m = /^u\/([^/]+)\/(.+)$/.exec(repository);
  if (!m) return { name: repository };
  const owner = people.get(m[1]) ?? people.get(m[1].toLowerCase());
  return owner ? { name: m[2], owner } : { name: m[2] };
}

export type PublishState = "pending" | "published";

/**
 * The publication state of each image from the publish requests the viewer can see: "pending"
 * while a request for its current digest waits, "published" once one was approved.
 */
export function publishStates(
  images: readonly { id: string; digest: string }[],
  requests: readonly { imageId: string | null; digest: string | null; status: string }[],
): Map<string, PublishState> {
  const out = new Map<string, PublishState>();
  for (const i of images) {
    const mine = requests.filter((r) => r.imageId === i.id && r.digest === i.digest);
    if (mine.some((r) => r.status === "approved")) out.set(i.id, "published");
    else if (mine.some((r) => r.status === "pending")) out.set(i.id, "pending");
  }
  return out;
}
