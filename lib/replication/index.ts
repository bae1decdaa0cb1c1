// Replication between Distribution registries (issue 17): the copy core and the upstream sync.
export * from "./media-types";
export * from "./retry";
export * from "./tag-patterns";
export * from "./registry-api";
export * from "./copy-image";
export * from "./sync-upstream";
