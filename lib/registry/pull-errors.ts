// Turns an engine's pull failure into the one thing the user needs to know: the image is missing,
// the deploy credential expired, or access is denied. Used where deploy/task errors are shown.
export type PullProblem = "missing" | "expired" | "denied" | "other";

export function classifyPullError(message: string): { problem: PullProblem; message: string } {
  const m = message.toLowerCase();
  if (m.includes("deploy credential expired"))
    return { problem: "expired", message: "The registry credential of this deploy expired; deploy again to get a fresh one." };
  if (/manifest unknown|not found|no such image|name unknown/.test(m))
    return { problem: "missing", message: "The image (or this digest of it) is not in the registry." };
  if (/denied|unauthorized|insufficient_scope|authentication required|invalid registry credentials/.test(m))
    return { problem: "denied", message: "The registry refused access to this image for this tenant." };
  return { problem: "other", message };
}
