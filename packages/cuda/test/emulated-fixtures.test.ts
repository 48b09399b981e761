// Core's PyTorch fixtures (ops, indexing, nn modules, optimizers) with "cuda" as
// the default device, on the emulating stand-in driver: the same run that
// scripts/device-check.sh makes on a GPU (test/device/core-on-cuda.config.mjs),
// in a child vitest so that core's tests get their own module graph.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { buildEmulatingDriver, buildFakeBlas } from "./fake-driver/build.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

it("core's PyTorch fixtures pass with cuda as the default device", () => {
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  const r = spawnSync(process.execPath, [vitest, "run", "--config", "test/device/core-on-cuda.config.mjs", "--reporter=dot"], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      TAIMATSU_CUDA_LIBRARY: buildEmulatingDriver(),
      TAIMATSU_CUBLAS_LIBRARY: buildFakeBlas(),
      FAKE_CUDA_MEMORY: String(2 ** 31),
    },
  });
  const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, "");
  expect(r.status, out.slice(-4000)).toBe(0);
  expect(out).toMatch(/Tests\s+\d+ passed/);
  expect(out).not.toMatch(/failed/);
}, 900_000);
