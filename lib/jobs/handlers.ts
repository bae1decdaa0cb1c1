// Which job kinds this process runs: the worker in server.ts and the integration tests start with
// the same set. Resumable kinds run again when a process died under them (another process takes
// the job over after its lease expired): their steps are idempotent — a deploy creates or updates
// the services named after the app (never a second one), stop/start/delete converge to a state.
import { registerJobHandler } from "./worker";
import { deleteJob, deployJob, startJob, stopJob } from "@/lib/apps/app-jobs";
import { runRemoveHost } from "@/lib/hosts/remove-host";
import { commitJob } from "@/lib/images/commit-container";

export function registerJobHandlers(): void {
  registerJobHandler("app.deploy", { ...deployJob, resumable: true });
  registerJobHandler("app.stop", { ...stopJob, resumable: true });
  registerJobHandler("app.start", { ...startJob, resumable: true });
  registerJobHandler("app.delete", { ...deleteJob, resumable: true });
  registerJobHandler("host.remove", { run: runRemoveHost });
  registerJobHandler("image.commit", commitJob);
}
