// The committed PTX: generated from the current sources, holding every kernel the
// TypeScript side launches, and valid PTX for the GPUs the package targets.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script, no types
import { compilePtx, findNvcc, modules, ptxDir, sourceHash } from "../scripts/build-kernels.mjs";
import { SUFFIX } from "../src/kernels/views.js";
import { moduleOf } from "../src/runtime/modules.js";

const manifest = JSON.parse(readFileSync(join(ptxDir, "manifest.json"), "utf8"));
const suffixes = Object.values(SUFFIX) as string[];

function findTool(name: string): string | null {
  for (const c of [name, process.env.CUDA_HOME && join(process.env.CUDA_HOME, "bin", name), `/usr/local/cuda/bin/${name}`].filter(Boolean) as string[]) {
    if (spawnSync(c, ["--version"]).status === 0) return c;
  }
  return null;
}

/** Every kernel name the primitives can ask for. */
function expectedKernels(): string[] {
  const names: string[] = [];
  for (const s of suffixes) {
    names.push(...["unary", "unary_bool", "binary", "compare", "where", "fill", "reduce", "argreduce", "scan", "sort", "unfold2d", "fold2d", "matmul"].map((k) => `${k}_${s}`));
    names.push(...suffixes.map((t) => `cast_${s}_${t}`));
    for (const i of ["i32", "i64"]) names.push(`gather_${s}_${i}`, `scatter_${s}_${i}`);
  }
  for (const f of ["f32", "f64"]) names.push(`sgd_step_${f}`, `adam_step_${f}`);
  return names;
}

describe("the committed PTX", () => {
  it("was generated from the current kernel sources (else: pnpm --filter @taimatsu/cuda build:kernels where nvcc is installed)", () => {
    expect(manifest.sources).toBe(sourceHash());
    expect(manifest.modules).toEqual(modules());
  });

  it("has an entry for every kernel the backend launches, in the module the loader looks in", () => {
    const entries = new Map<string, Set<string>>();
    for (const m of modules() as string[]) {
      const ptx = readFileSync(join(ptxDir, `${m}.ptx`), "utf8");
      entries.set(m, new Set([...ptx.matchAll(/\.entry (\w+)\(/g)].map((x) => x[1]!)));
    }
    for (const k of expectedKernels()) expect(entries.get(moduleOf(k))?.has(k), k).toBe(true);
  });

  it("targets compute_80 with a PTX ISA version whose driver requirement the loader checks", () => {
    const head = readFileSync(join(ptxDir, "elementwise.ptx"), "utf8").slice(0, 1000);
    expect(head).toMatch(/^\.target sm_80$/m);
    expect(head).toMatch(/^\.version \d+\.\d+$/m);
  });

  const ptxas = findTool("ptxas");
  const assemble = ptxas ? it : it.skip;
  if (!ptxas) console.warn("[cuda] skipped: ptxas is not installed here, so the PTX is not assembled (install the CUDA toolkit to run this check)");
  assemble(`assembles with ptxas for sm_90${ptxas ? "" : " (skipped: no ptxas here; install the CUDA toolkit)"}`, () => {
    for (const m of modules() as string[]) {
      for (const arch of ["sm_90"]) {
        const r = spawnSync(ptxas!, [`-arch=${arch}`, join(ptxDir, `${m}.ptx`), "-o", "/dev/null"], { encoding: "utf8" });
        expect(r.status, `${m}.ptx for ${arch}: ${r.stderr}`).toBe(0);
      }
    }
  }, 900_000);

  const nvcc = findNvcc();
  const sameCompiler = nvcc && nvcc.version === manifest.nvcc;
  const why = !nvcc ? "no nvcc here" : `nvcc ${nvcc.version} here, the PTX was made by ${manifest.nvcc}`;
  if (!sameCompiler) console.warn(`[cuda] skipped: the PTX is not regenerated for comparison (${why})`);
  (sameCompiler ? it : it.skip)(`is what nvcc makes of the sources today${sameCompiler ? "" : ` (skipped: ${why})`}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "taimatsu-ptx-"));
    try {
      await compilePtx(nvcc, dir);
      for (const m of modules() as string[]) {
        expect(readFileSync(join(dir, `${m}.ptx`), "utf8") === readFileSync(join(ptxDir, `${m}.ptx`), "utf8"), `${m}.ptx is stale`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
