import { defineConfig } from "vitest/config";
import { workspaceAliases } from "./tools/aliases.ts";
import PlainSummaryReporter from "./tools/vitest-plain-summary.ts";

const alias = workspaceAliases();

export default defineConfig({
  resolve: { alias },
  test: {
    projects: ["packages/*", "apps/*"],
    reporters: ["default", new PlainSummaryReporter()],
  },
});
