// Runs core's PyTorch-fixture tests with "cuda" as the default device (scripts/device-check.sh).
// Core's tests import core's sources; the alias makes @taimatsu/cuda register into that same copy.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = dirname(fileURLToPath(import.meta.url));
const core = join(here, "..", "..", "..", "core");

export default defineConfig({
  root: core,
  resolve: { alias: { "@taimatsu/core": join(core, "src", "index.ts") } },
  test: {
    include: ["test/torch-fixtures.test.ts", "test/indexing-fixtures.test.ts", "test/nn-modules-fixtures.test.ts", "test/optim-fixtures.test.ts"],
    setupFiles: [join(here, "core-on-cuda.setup.ts")],
    testTimeout: 300_000,
    // kernel-abi (the op codes) imports core too: inline it so that it sees the same copy
    server: { deps: { inline: [/kernel-abi/] } },
  },
});
