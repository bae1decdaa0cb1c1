// The react-query key factory of the jobs domain.
export const jobKeys = {
  all: ["jobs"] as const,
  detail: (jobId: string) => ["jobs", "detail", jobId] as const,
};
