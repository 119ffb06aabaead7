import { tsioProject } from "../../tools/vitest-project.ts";

export default tsioProject();
