import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const kernelsDir = join(here, "..", "..", "kernels", "src");
const cc = process.env.CC ?? "cc";
const cxx = process.env.CXX ?? "c++";

function run(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

/** A folder in tmpdir named for the hash of everything the libraries are built from, so they are built once per change. */
function cacheDir(): string {
  const h = createHash("sha256");
  for (const f of readdirSync(here).sort()) if (/\.(c|h|ts)$/.test(f)) h.update(f).update(readFileSync(join(here, f)));
  for (const f of readdirSync(kernelsDir).sort()) h.update(f).update(readFileSync(join(kernelsDir, f)));
  const dir = join(tmpdir(), `taimatsu-fake-cuda-${h.digest("hex").slice(0, 16)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Builds into `path` atomically (parallel test files may build the same library). */
function once(path: string, build: (tmp: string) => void): string {
  if (existsSync(path)) return path;
  const tmp = `${path}.${process.pid}.tmp`;
  build(tmp);
  renameSync(tmp, path);
  return path;
}

/** The stand-in libcuda (fake_cuda.c): memory and copies work, launches are logged and not run. */
export function buildFakeDriver(): string {
  return once(join(cacheDir(), "libcuda.so.1"), (out) => run(cc, ["-shared", "-fPIC", "-O1", "-o", out, join(here, "fake_cuda.c")]));
}

/** A library that has cuInit and nothing else (an old or broken libcuda). */
export function buildIncompleteDriver(): string {
  return once(join(cacheDir(), "libcuda-incomplete.so"), (out) =>
    run(cc, ["-shared", "-fPIC", "-x", "c", "-o", out, "-"], "int cuInit(unsigned f) { return 0; }\n"));
}

/** The stand-in cuBLAS (fake_cublas.c): naive column-major strided-batched GEMMs. */
export function buildFakeBlas(): string {
  return once(join(cacheDir(), "libcublas.so.13"), (out) => run(cc, ["-shared", "-fPIC", "-O1", "-o", out, join(here, "fake_cublas.c")]));
}

/**
 * The stand-in libcuda that also runs the kernels: every kernels/src/*.cu is
 * compiled as host C++ (host_cuda.h) with a launcher per kernel that unpacks
 * the parameter buffer by the kernel's own parameter types, and a launch runs
 * each block and thread of the grid in turn. Slow, single-threaded, and
 * exactly the kernels' code: the conformance suite runs on it.
 */
export function buildEmulatingDriver(): string {
  const dir = cacheDir();
  return once(join(dir, "libcuda-emulated.so"), (out) => {
    const modules = readdirSync(kernelsDir).filter((f) => f.endsWith(".cu")).map((f) => f.slice(0, -3)).sort();
    const objects: string[] = [];
    for (const m of modules) {
      const source = join(kernelsDir, `${m}.cu`);
      const flat = run(cxx, ["-std=c++17", "-E", "-P", "-include", join(here, "host_cuda.h"), "-I", kernelsDir, "-x", "c++", source]);
      const kernels = [...flat.matchAll(/extern "C"\s+void\s+(\w+)\s*\(([^)]*)\)/g)].map((k) => ({
        name: k[1]!,
        types: k[2]!.split(",").map((p) => p.trim().replace(/\s*\b\w+$/, "").trim()).filter(Boolean),
      }));
      const lines = [
        `#include "host_cuda.h"`,
        `#include "${source}"`,
        "template <class T> static T tm_get(const unsigned char* b, size_t& at) {",
        "  at = (at + alignof(T) - 1) / alignof(T) * alignof(T); T v; memcpy(&v, b + at, sizeof(T)); at += sizeof(T); return v;",
        "}",
        ...kernels.map((k) => `static void tm_launch_${k.name}(const unsigned char* b) { size_t at = 0; ${k.types.map((t, i) => `auto p${i} = tm_get<${t}>(b, at);`).join(" ")} ${k.name}(${k.types.map((_, i) => `p${i}`).join(", ")}); }`),
        "struct tm_kernel { const char* name; void (*launch)(const unsigned char*); };",
        `extern "C" const tm_kernel tm_kernels_${m}[] = {`,
        ...kernels.map((k) => `  {"${k.name}", tm_launch_${k.name}},`),
        "  {nullptr, nullptr}};",
      ];
      const file = join(dir, `emulated_${m}.cc`);
      writeFileSync(file, `${lines.join("\n")}\n`);
      const obj = join(dir, `emulated_${m}.${process.pid}.o`);
      run(cxx, ["-std=c++17", "-O1", "-fPIC", "-w", "-c", "-I", here, "-I", kernelsDir, file, "-o", obj]);
      objects.push(obj);
    }
    const tables = join(dir, "emulated_tables.cc");
    writeFileSync(
      tables,
      [
        `#include "host_cuda.h"`,
        `extern "C" { tm_dim3 threadIdx, blockIdx, blockDim, gridDim; }`,
        "struct tm_kernel { const char* name; void (*launch)(const unsigned char*); };",
        ...modules.map((m) => `extern "C" const tm_kernel tm_kernels_${m}[];`),
        `extern "C" const tm_kernel* const tm_kernel_tables[] = {${modules.map((m) => `tm_kernels_${m}`).join(", ")}, nullptr};`,
      ].join("\n"),
    );
    const driver = join(dir, `fake_cuda_emulated.${process.pid}.o`);
    run(cc, ["-O1", "-fPIC", "-DTM_EMULATE", "-c", join(here, "fake_cuda.c"), "-o", driver]);
    run(cxx, ["-std=c++17", "-shared", "-fPIC", "-I", here, "-o", out, tables, driver, ...objects]);
  });
}
