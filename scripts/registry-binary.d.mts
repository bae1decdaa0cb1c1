// Types of registry-binary.mjs for the TypeScript tests.
export const DEFAULT_REGISTRY_BINARY: string;
export const REGISTRY_INSTALL_COMMAND: string;
export function registryBinaryPlan(o: {
  env: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  isRoot: boolean;
}): "external" | "present" | "install" | "advise";
