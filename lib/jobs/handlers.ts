// Which job kinds this process runs: the worker in server.ts and the integration tests start with
// the same set.
import { registerJobHandler } from "./worker";
import { deleteJob, deployJob, startJob, stopJob } from "@/lib/apps/app-jobs";
import { runRemoveHost } from "@/lib/hosts/remove-host";
import { commitJob } from "@/lib/images/commit-container";

export function registerJobHandlers(): void {
  registerJobHandler("app.deploy", deployJob);
  registerJobHandler("app.stop", stopJob);
  registerJobHandler("app.start", startJob);
  registerJobHandler("app.delete", deleteJob);
  registerJobHandler("host.remove", { run: runRemoveHost });
  registerJobHandler("image.commit", commitJob);
}
