// FormData of the upstream hub's create form (Admin → Pub Hub) → the upstream use-cases' input. The
// repositories are one per line: the upstream repository, then optionally the official name (default:
// its last path component) and tag patterns, separated by spaces, e.g.
//   library/nginx nginx 1.* !*-rc
function str(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

export function parseRepositoryLines(text: string): { repository: string; target: string; tagPatterns: string[] }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [repository, target, ...tagPatterns] = l.split(/\s+/);
      return { repository, target: target ?? repository.split("/").pop()!, tagPatterns };
    });
}

export function upstreamInputFromForm(o: Record<string, unknown>) {
  const password = typeof o.registryPassword === "string" ? o.registryPassword : "";
  const schedule = str(o.scheduleMinutes);
  return {
    name: str(o.name),
    registry: {
      url: str(o.registryUrl),
      ...(str(o.registryUsername) ? { username: str(o.registryUsername) } : {}),
      ...(password ? { password } : {}),
    },
    repositories: parseRepositoryLines(str(o.repositories)),
    scheduleMinutes: schedule ? Number(schedule) : null,
  };
}
