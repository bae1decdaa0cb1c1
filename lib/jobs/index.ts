export { enqueueJob, jobSignals, type EnqueueInput } from "./enqueue-job";
export { getJob, toJobDto, type JobDto } from "./get-job";
export { startWorker, registerJobHandler, JobCancelled, type JobHandler, type JobContext, type Worker } from "./worker";
