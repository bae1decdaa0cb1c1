// Types of the parts of steps.mjs the TypeScript bench uses.
export const SERVER_BUNDLE: string;
/** `next build` when the sources are newer than the build, then the server bundle when it is older. */
export function ensureBuild(env: Record<string, string | undefined>, opts?: { force?: boolean }): Promise<void>;
