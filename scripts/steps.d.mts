// Types of the parts of steps.mjs the TypeScript bench uses.
export const SERVER_BUNDLE: string;
/** `next build` when the sources are newer than the build, then the server bundle when it is older. */
export function ensureBuild(env: Record<string, string | undefined>, opts?: { force?: boolean }): Promise<void>;
/** V8's old-space limit of the production server in MiB: CAAS_HEAP_MB, default 512. */
export function heapLimitMb(env?: Record<string, string | undefined>): number;
/** The command that runs the portal. */
export function serverCommand(opts?: { dev?: boolean }): { cmd: string; args: string[] };
