// Preloaded (`node --import ./scripts/prisma-client-pg.mjs`, or through NODE_OPTIONS) by every process
// of the PostgreSQL test tier: `@prisma/client` then loads the PostgreSQL client generated into
// node_modules/.prisma-pg/client instead of node_modules/.prisma/client (SQLite, the default). So the
// SQLite and the PostgreSQL tier run at the same time from one checkout, each with its own generated
// client (tests/support/prisma-client.ts generates it). Tests only; the product never loads this.
import Module from "node:module";
import path from "node:path";

const target = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "node_modules", ".prisma-pg", "client");
const resolve = Module._resolveFilename;
if (!resolve.caasPrismaPg) {
  // @prisma/client (CommonJS) requires ".prisma/client/default": point that at the PostgreSQL client.
  Module._resolveFilename = function (request, ...rest) {
    if (request === ".prisma/client" || request.startsWith(".prisma/client/")) request = target + request.slice(".prisma/client".length);
    return resolve.call(this, request, ...rest);
  };
  Module._resolveFilename.caasPrismaPg = true;
}
