// Compiles the C++ kernels of @taimatsu/cpu-native (the same sources, not a
// copy) and this package's platform layer (native/) into dist/taimatsu.wasm
// and dist/taimatsu-threads.wasm (see `variants` below):
// wasm32 with SIMD128, a reactor module with no WASI imports, so it runs in
// browsers without a shim. Needs Debian's clang, lld, wasi-libc and
// libc++-dev-wasm32 (or any clang >= 14 with a wasi sysroot: TAIMATSU_WASI_SYSROOT).
//   node scripts/build-wasm.mjs [--if-missing]
// TAIMATSU_CLANG names the compiler (default clang++).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = join(root, "..", "cpu-native", "native", "src");

/** The shared kernel sources: everything but the addon and the platform files each build brings its own. */
const platformFiles = new Set(["addon.cc", "common/error.cc", "common/memory.cc", "common/parallel_common.cc", "common/parallel_omp.cc", "common/parallel_pool.cc"]);

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".cc") ? [path] : [];
  });
}

const kernelSources = sources(shared).filter((f) => !platformFiles.has(relative(shared, f).split("\\").join("/")));
const ownSources = sources(join(root, "native"));
const all = [...kernelSources, ...ownSources];

const newest = Math.max(...all.map((f) => statSync(f).mtimeMs), ...headerTimes());
const upToDate = (name) => existsSync(join(root, "dist", name)) && statSync(join(root, "dist", name)).mtimeMs > newest;
if (process.argv.includes("--if-missing") && upToDate("taimatsu.wasm") && upToDate("taimatsu-threads.wasm")) process.exit(0);

const clang = process.env.TAIMATSU_CLANG ?? "clang++";
const sysroot = process.env.TAIMATSU_WASI_SYSROOT ?? "/usr";
const probe = spawnSync(clang, ["--version"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  console.error(
    `@taimatsu/wasm: cannot run ${clang}; building the WebAssembly module needs clang >= 14 with lld and a wasi sysroot ` +
      "(Debian: apt-get install clang lld wasi-libc libc++-dev-wasm32 libclang-rt-dev-wasm32).",
  );
  process.exit(1);
}

const compileFlags = [
  "--target=wasm32-wasi", `--sysroot=${sysroot}`, "-std=c++17", "-O3", "-msimd128", "-mmutable-globals", "-mnontrapping-fptoint",
  "-ftls-model=local-exec", "-fno-exceptions", "-fno-math-errno", "-ffp-contract=fast", "-Wall", "-Wno-unknown-pragmas", "-Wno-type-limits",
];

/**
 * Two modules from the same sources: a single-threaded one for runtimes
 * without SharedArrayBuffer (pages that are not cross-origin isolated), and
 * one with atomics over a shared, imported memory that worker threads
 * instantiate too (thread_local becomes real thread-local storage, set up
 * per thread through __wasm_init_tls). wasi-libc is not built for threads,
 * hence --no-check-features: its malloc runs under the module's own lock.
 */
const variants = [
  { name: "taimatsu.wasm", objDir: join(root, "build", "obj"), flags: [], link: ["-Wl,--initial-memory=16777216"] },
  {
    name: "taimatsu-threads.wasm", objDir: join(root, "build", "obj-threads"), flags: ["-matomics", "-mbulk-memory"],
    link: [
      "-Wl,--shared-memory", "-Wl,--import-memory", "-Wl,--no-check-features",
      "-Wl,--export=__wasm_init_tls", "-Wl,--export=__tls_size", "-Wl,--export=__tls_align",
    ],
  },
];
const only = process.env.TAIMATSU_WASM_VARIANT;

for (const v of variants) {
  if (only && !v.name.startsWith(only)) continue;
  const out = join(root, "dist", v.name);
  if (process.argv.includes("--if-missing") && upToDate(v.name)) continue;
  await compile(v);
  link(v, out);
}

async function compile(v) {
  mkdirSync(v.objDir, { recursive: true });
  console.log(`@taimatsu/wasm: compiling ${all.length} sources to wasm32 + SIMD128${v.flags.length ? " + threads" : ""}`);
  const objectOf = (src) => join(v.objDir, relative(join(root, ".."), src).replace(/[\\/]/g, "_").replace(/\.cc$/, ".o"));
  v.objects = all.map(objectOf);
  // Two compilers at a time: the build shares the machine with everything else.
  const jobs = Number(process.env.TAIMATSU_BUILD_JOBS ?? 2);
  const { spawn } = await import("node:child_process");
  // the shared kernels include only shared headers; this package's sources include its own too
  const stale = (src) => Math.max(statSync(src).mtimeMs, ...headerTimes(src.startsWith(shared) ? [shared] : [shared, join(root, "native")]));
  const queue = all.filter((src) => !existsSync(objectOf(src)) || statSync(objectOf(src)).mtimeMs < stale(src));
  let failed = false;
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (queue.length && !failed) {
      const src = queue.shift();
      const code = await new Promise((resolve) => {
        spawn(clang, [...compileFlags, ...v.flags, "-c", src, "-o", objectOf(src)], { stdio: "inherit" }).on("close", resolve);
      });
      if (code !== 0) failed = true;
    }
  }));
  if (failed) {
    console.error("@taimatsu/wasm: compilation failed");
    process.exit(1);
  }
}

/** Headers are shared by many sources: a header newer than an object rebuilds it. */
function headerTimes(dirs = [shared, join(root, "native")]) {
  return dirs.flatMap(function walk(dir) {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith(".h") ? [statSync(path).mtimeMs] : [];
    });
  });
}

function link(v, out) {
  mkdirSync(dirname(out), { recursive: true });
  const linkFlags = [
    "--target=wasm32-wasi", `--sysroot=${sysroot}`, "-mexec-model=reactor", "-O3", "-nostartfiles",
    join(sysroot, "lib", "wasm32-wasi", "crt1-reactor.o"),
    "-Wl,--export=_initialize",
    "-Wl,-z,stack-size=1048576", "-Wl,--max-memory=4294967296", "-Wl,--growable-table", "-Wl,--export=__stack_pointer",
    "-Wl,--strip-debug", ...v.link,
  ];
  const result = spawnSync(clang, [...linkFlags, ...v.objects, "-o", out], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("@taimatsu/wasm: link failed");
    process.exit(1);
  }
  console.log(`@taimatsu/wasm: wrote ${relative(root, out)} (${(statSync(out).size / 1024).toFixed(0)} KiB)`);
}
