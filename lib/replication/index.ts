// Replication between Distribution registries (issue 17): the copy core, the upstream sync, the
// queue of copies between regions and its use-cases.
export * from "./media-types";
export * from "./retry";
export * from "./tag-patterns";
export * from "./registry-api";
export * from "./copy-image";
export * from "./sync-upstream";
export * from "./region-registry";
export * from "./queue";
export * from "./manage";
export * from "./region-pull";
export * from "./upstreams";
