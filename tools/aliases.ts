import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Maps every workspace package name to its TypeScript source, so that tests run on the source
 * without a build step (vitest's `resolve.alias`).
 */
export function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const dir = join(root, "packages");
  for (const name of readdirSync(dir)) {
    const src = join(dir, name, "src", "index.ts");
    if (!existsSync(src)) continue;
    const pkgName = name === "tsio" ? "tsio" : `@tsio/${name}`;
    aliases[pkgName] = src;
  }
  return aliases;
}
