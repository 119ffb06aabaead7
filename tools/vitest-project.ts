import { defineProject } from "vitest/config";
import { workspaceAliases } from "./aliases.ts";

/**
 * The vitest project config every package shares: tests in `test/`, workspace packages resolved
 * to their sources, so a package's tests need no build of its dependencies.
 */
export function tsioProject(options: { testTimeout?: number } = {}) {
  return defineProject({
    resolve: { alias: workspaceAliases() },
    test: {
      include: ["test/**/*.test.ts"],
      environment: "node",
      testTimeout: options.testTimeout ?? 20_000,
    },
  });
}
