// The service keys of the Compose language that have no Swarm equivalent and change nothing that
// matters for safety: the file is accepted and each one gets a warning naming its key path and
// what is ignored. Keys that matter for safety are never listed here: they are parsed into the
// model or refused by a named policy rule (parse-service-security.ts). One table, so the README's
// "Compose support" section and the tests can be checked against it.

export const IGNORED_SERVICE_KEYS: Readonly<Record<string, string>> = {
  container_name: "Swarm names the containers itself",
  platform: "the engine pulls the image for its own platform",
  attach: "logs are shown in the portal",
  annotations: "Swarm services have no annotations",
  shm_size: "a Swarm service cannot size /dev/shm",
  mem_swappiness: "a Swarm service has no swap settings",
  memswap_limit: "a Swarm service has no swap settings",
  oom_score_adj: "a Swarm service cannot change its OOM score",
  pull_policy: "Swarm pulls the image when the service is created or updated",
  develop: "development (watch) settings do not apply to a deployed app",
  cpu_shares: "use deploy.resources.limits.cpus instead",
  cpu_quota: "use deploy.resources.limits.cpus instead",
  cpu_period: "use deploy.resources.limits.cpus instead",
  cpu_count: "use deploy.resources.limits.cpus instead",
  cpu_percent: "use deploy.resources.limits.cpus instead",
  cpu_rt_runtime: "a Swarm service has no real-time scheduler settings",
  cpu_rt_period: "a Swarm service has no real-time scheduler settings",
  cpuset: "Swarm places tasks; use deploy.resources.limits.cpus",
  mac_address: "the app network assigns addresses",
  domainname: "a Swarm service has no domain name setting; write the full name in hostname if needed",
  credential_spec: "credential specs only apply to Windows containers",
  group_add: "supplementary groups are not set on Swarm services",
  post_start: "lifecycle hooks are not run by Swarm",
  pre_stop: "lifecycle hooks are not run by Swarm",
  models: "AI models are not provided by the platform",
  provider: "provider services are not run by the platform",
};

/** depends_on details that Swarm cannot honour: services start without waiting. */
export const DEPENDS_ON_IGNORED = "Swarm starts services without waiting for conditions; the dependency is kept for ordering only";
