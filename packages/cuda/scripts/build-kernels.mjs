// Compiles the CUDA kernels (kernels/src/*.cu) with nvcc: PTX for compute_80
// (kernels/ptx, committed: the driver JIT-compiles it for any GPU from sm_80 on)
// and cubins for sm_80 and sm_90 (kernels/cubin, built where nvcc exists by
// build:kernels, prepack, and `build` when TAIMATSU_CUBINS=1).
// Without nvcc the committed PTX is used as it is. kernels/ptx/manifest.json
// records the sources' hash, so a test notices PTX older than its sources.
//   --if-stale   compile only when the sources changed since the manifest / cubins
//   --check      compile PTX into a temporary folder and compare (used by the tests)
// NVCC names the compiler; otherwise PATH, $CUDA_HOME/bin, /usr/local/cuda/bin.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = join(root, "kernels", "src");
const ptxDir = join(root, "kernels", "ptx");
const cubinDir = join(root, "kernels", "cubin");
export const CUBIN_ARCHS = ["sm_80", "sm_90"];
export const PTX_ARCH = "compute_80";
const FLAGS = ["-std=c++17", "-O3", "-diag-suppress", "186"];

/** The kernel modules: one per .cu file. */
export function modules() {
  return readdirSync(srcDir).filter((f) => f.endsWith(".cu")).map((f) => f.slice(0, -3)).sort();
}

/** A hash of every source (.cu and headers): what the committed PTX was compiled from. */
export function sourceHash() {
  const h = createHash("sha256");
  for (const f of readdirSync(srcDir).sort()) h.update(f).update(readFileSync(join(srcDir, f)));
  return h.digest("hex");
}

/** The nvcc to use, or null. */
export function findNvcc() {
  const candidates = [process.env.NVCC, "nvcc", process.env.CUDA_HOME && join(process.env.CUDA_HOME, "bin", "nvcc"), "/usr/local/cuda/bin/nvcc"];
  for (const c of candidates.filter(Boolean)) {
    const r = spawnSync(c, ["--version"], { encoding: "utf8" });
    if (r.status === 0) return { path: c, version: (/release ([\d.]+), V([\d.]+)/.exec(r.stdout) ?? [])[2] ?? "unknown" };
  }
  return null;
}

/** Runs the nvcc commands, as many at a time as there are CPUs (two at most unless TAIMATSU_BUILD_JOBS says). */
async function nvccAll(nvcc, jobs) {
  const width = Number(process.env.TAIMATSU_BUILD_JOBS ?? Math.min(2, availableParallelism()));
  const queue = [...jobs];
  const worker = async () => {
    for (let args = queue.shift(); args; args = queue.shift()) {
      const r = await new Promise((resolve) => {
        const child = spawn(nvcc.path, [...FLAGS, ...args], { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status) => resolve({ status, stderr }));
      });
      if (r.status !== 0) throw new Error(`nvcc ${args.join(" ")} failed:\n${r.stderr}`);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

export async function compilePtx(nvcc, outDir) {
  mkdirSync(outDir, { recursive: true });
  await nvccAll(nvcc, modules().map((m) => ["-ptx", `-arch=${PTX_ARCH}`, join(srcDir, `${m}.cu`), "-o", join(outDir, `${m}.ptx`)]));
}

async function compileCubins(nvcc) {
  const jobs = [];
  for (const arch of CUBIN_ARCHS) {
    mkdirSync(join(cubinDir, arch), { recursive: true });
    for (const m of modules()) jobs.push(["-cubin", `-arch=${arch}`, join(srcDir, `${m}.cu`), "-o", join(cubinDir, arch, `${m}.cubin`)]);
  }
  await nvccAll(nvcc, jobs);
  writeFileSync(join(cubinDir, "manifest.json"), `${JSON.stringify({ sources: sourceHash(), nvcc: nvcc.version, archs: CUBIN_ARCHS }, null, 2)}\n`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

async function main() {
  const nvcc = findNvcc();
  const hash = sourceHash();
  const ptxManifest = readJson(join(ptxDir, "manifest.json"));
  if (!nvcc) {
    if (ptxManifest?.sources !== hash) {
      console.warn("@taimatsu/cuda: no nvcc here and kernels/ptx is older than kernels/src: rebuild it where the CUDA toolkit is installed (pnpm --filter @taimatsu/cuda build:kernels)");
    }
    return; // the committed PTX serves
  }
  const ifStale = process.argv.includes("--if-stale");
  if (!ifStale || ptxManifest?.sources !== hash) {
    console.log(`@taimatsu/cuda: compiling PTX (${PTX_ARCH}) with nvcc ${nvcc.version}`);
    await compilePtx(nvcc, ptxDir);
    writeFileSync(join(ptxDir, "manifest.json"), `${JSON.stringify({ sources: hash, nvcc: nvcc.version, arch: PTX_ARCH, modules: modules() }, null, 2)}\n`);
  }
  const cubinManifest = readJson(join(cubinDir, "manifest.json"));
  // cubins take minutes: built by build:kernels, by prepack and where TAIMATSU_CUBINS=1, not by every build
  if (ifStale && process.env.TAIMATSU_CUBINS !== "1" && !process.argv.includes("--cubins")) return;
  if (!ifStale || cubinManifest?.sources !== hash) {
    console.log(`@taimatsu/cuda: compiling cubins (${CUBIN_ARCHS.join(", ")}) with nvcc ${nvcc.version}`);
    await compileCubins(nvcc);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
export { ptxDir, cubinDir, srcDir, mkdtempSync, tmpdir, rmSync, existsSync };
