export * from "./config";
export { CATALOGS, type Messages } from "./catalogs";
export { translator, hasMessage, type Translate } from "./translate";
