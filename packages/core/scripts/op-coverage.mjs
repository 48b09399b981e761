#!/usr/bin/env node
/**
 * Writes docs/op-coverage.md: every public op of @taimatsu/core, how its
 * forward pass runs on a backend (one primitive, a view, or a composite of
 * primitives that a backend may replace with a fused kernel), whether the
 * conformance suite covers it, and for each registered backend whether it
 * runs the op with a fused kernel of its own.
 *
 * Reads the built package (run `pnpm build` first), so it needs nothing but
 * Node: `pnpm --filter @taimatsu/core op-coverage`, or `node scripts/op-coverage.mjs`
 * from packages/core. Backend packages that are built are loaded too.
 */
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

if (!existsSync(here("../dist/testing/index.js"))) {
  console.error("op-coverage: packages/core/dist is missing; run `pnpm build` (or `npx tsc -p .` in packages/core) first.");
  process.exit(1);
}
const torch = await import(pathToFileURL(here("../dist/index.js")).href);
const testing = await import(pathToFileURL(here("../dist/testing/index.js")).href);

/** Backend packages: loaded by name when installed, else from a built sibling folder of this monorepo. */
const BACKEND_PACKAGES = [
  ["@taimatsu/cpu-native", "cpu-native"],
  ["@taimatsu/wasm", "wasm"],
  ["@taimatsu/webgpu", "webgpu"],
  ["@taimatsu/cuda", "cuda"],
];

async function loadBackendPackages() {
  const notes = [];
  for (const [name, folder] of BACKEND_PACKAGES) {
    const sibling = here(`../../${folder}/dist/index.js`);
    try {
      await import(name);
      notes.push(`${name}: loaded`);
    } catch {
      if (!existsSync(sibling)) continue;
      try {
        await import(pathToFileURL(sibling).href);
        notes.push(`${name}: loaded from packages/${folder}`);
      } catch (e) {
        // built TypeScript but no native binary, for instance
        notes.push(`${name}: not loaded (${String(e.message ?? e).split("\n")[0]})`);
      }
    }
  }
  return notes;
}

/** Tensor members that are structure, read-back or autograd handles rather than ops. */
const NOT_OPS = new Set([
  "constructor", "dim", "numel", "size", "stride", "storageOffset", "isContiguous", "elementSize", "kernelView",
  "assertAlive", "dispose", "dtype", "device", "ndim", "isLeaf", "isDisposed", "dataSync", "data", "item", "tolist",
  "toArray", "array", "toString", "backward", "registerHook", "retainGrad", "retainsGrad", "requiresGrad_", "detach_",
  "toAsync", "grad", "setGrad", "releaseOnCollect",
]);

/** Top-level creation functions (ops without a method form). */
const CREATION = new Set([
  "tensor", "zeros", "ones", "full", "empty", "zerosLike", "onesLike", "fullLike", "emptyLike", "arange", "linspace",
  "eye", "rand", "randn", "randint", "randperm", "randLike", "randnLike", "randintLike",
]);

const isFunction = (v) => typeof v === "function" && !/^[A-Z]/.test(v.name ?? "");

function publicOps(conformanceNames) {
  const methods = new Set(Object.getOwnPropertyNames(torch.Tensor.prototype).filter((n) => !NOT_OPS.has(n)));
  const functional = new Set(Object.keys(torch.nn?.functional ?? {}).filter((n) => isFunction(torch.nn.functional[n])));
  const topLevel = Object.keys(torch).filter((n) => isFunction(torch[n]));
  const functions = new Set(topLevel.filter((n) => methods.has(n) || CREATION.has(n) || conformanceNames.has(n) || functional.has(n)));
  const others = topLevel.filter((n) => !functions.has(n)).sort();
  const names = [...new Set([...methods, ...functions, ...functional])].sort((a, b) => a.localeCompare(b));
  const forms = (n) => [methods.has(n) && "method", functions.has(n) && "torch", functional.has(n) && "F"].filter(Boolean).join(", ");
  return { names, forms, others };
}

/** The op name a conformance entry counts for: "torch.softmax" -> "softmax", "nn.functional.conv2d" -> "conv2d". */
const baseName = (op) => op.split(".").at(-1);

function groupEntries() {
  const byOp = new Map();
  for (const entry of testing.OPS) {
    const name = baseName(entry.op);
    if (!byOp.has(name)) byOp.set(name, []);
    byOp.get(name).push(entry);
  }
  return byOp;
}

function present(path) {
  let node = torch;
  for (const key of path.split(".")) node = node == null ? undefined : node[key];
  return node !== undefined;
}

function trace(entries) {
  const runnable = (entries ?? []).find((e) => e.requires.every(present));
  if (!runnable) return null;
  try {
    return testing.traceOp(runnable);
  } catch (e) {
    return { error: String(e.message ?? e).split("\n")[0] };
  }
}

function kindOf(t, name) {
  if (!t) return "—";
  if (t.error) return `error: ${t.error}`;
  if (t.fused.length) return "composite, fusable";
  // creation ops with no kernel call write host data straight through the allocator
  if (t.primitives.length === 0) return CREATION.has(name) ? "creation" : "view";
  return t.primitives.length === 1 ? "primitive" : "composite";
}

/** "unary:exp ×2, reduce:sum" in first-use order. */
function kernels(t) {
  if (!t || t.error) return "";
  const counts = new Map();
  for (const c of t.primitives) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join(", ");
}

function backendCell(row, backend) {
  if (!row.t || row.t.error) return "?";
  const own = row.t.fused.filter((n) => backend.fused && n in backend.fused);
  if (own.length) return `**fused** (${own.join(", ")})`;
  return row.kind === "view" || row.kind === "creation" ? row.kind : "primitives";
}

const esc = (s) => String(s).replace(/\|/g, "\\|");

/** One row per `torch.optim` class in the conformance table. */
function optimizerRows(backends) {
  const byName = new Map();
  for (const e of testing.OPS.filter((o) => o.op.startsWith("optim."))) byName.set(e.op, [...(byName.get(e.op) ?? []), e]);
  return [...byName].map(([name, entries]) => {
    const kernels = [...new Set(entries.flatMap((e) => e.fused))];
    const cells = backends.map((b) => (kernels.some((k) => b.fused && k in b.fused) ? "**fused**" : "primitives"));
    return `| \`${name.slice("optim.".length)}\` | ${kernels.map((k) => `\`${k}\``).join(", ")} | ${entries.length} | ${cells.join(" | ")} |`;
  });
}

function render({ names, forms, others }, byOp, backends, notes) {
  const rows = names.map((name) => {
    const entries = byOp.get(name);
    const t = trace(entries);
    return { name, forms: forms(name), t, kind: kindOf(t, name), cases: entries?.length ?? 0 };
  });
  const covered = rows.filter((r) => r.cases > 0);
  const count = (k) => rows.filter((r) => r.kind === k).length;
  const lines = [
    "# Op coverage",
    "",
    "Generated by `packages/core/scripts/op-coverage.mjs` from the built package; do not edit by hand.",
    "Regenerate with `pnpm build && pnpm --filter @taimatsu/core op-coverage`.",
    "",
    "- **Kind** is how the forward pass runs, traced on the reference kernels with the op's first conformance case:",
    "  *primitive* (one kernel call), *view* (no kernel: new shape and strides over the same storage),",
    "  *creation* (host data written through the allocator), *composite* (several primitives),",
    "  *composite, fusable* (looks up a fused kernel first; see `src/backend/fused.ts`).",
    "- **Forms**: `method` (`x.op()`), `torch` (`torch.op(x)`), `F` (`torch.nn.functional.op(x)`).",
    "- **Conformance**: entries in the conformance table (`src/testing/op-table/`); each runs forward in every dtype the op accepts,",
    "  non-contiguous layouts, gradients against the reference backend and finite differences.",
    "- Backend columns: **fused** when the backend has its own kernel for the op, otherwise it runs on that backend's primitives.",
    "",
    `${rows.length} ops: ${count("primitive")} primitive, ${count("view")} view, ${count("creation")} creation, ${count("composite")} composite, ` +
      `${count("composite, fusable")} fusable composite; ` +
      `${covered.length} covered by the conformance suite (${testing.OPS.length} entries).`,
    "",
    "## Backends",
    "",
    ...backends.map((b) => `- \`${b.name}\` serves \`${b.deviceType}\` (priority ${b.priority}); fused kernels: ${Object.keys(b.fused ?? {}).sort().map((k) => `\`${k}\``).join(", ") || "none"}`),
    ...notes.map((n) => `- ${n}`),
    "",
    "## Ops",
    "",
    `| Op | Forms | Kind | Forward kernels (reference) | Conformance entries | ${backends.map((b) => b.name).join(" | ")} |`,
    `|---|---|---|---|---|${backends.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| \`${r.name}\` | ${r.forms} | ${esc(r.kind)} | ${esc(kernels(r.t))} | ${r.cases || "**none**"} | ${backends.map((b) => backendCell(r, b)).join(" | ")} |`),
    "",
    "## Optimizer steps",
    "",
    "Optimizers update parameters in place; a backend may run a whole step as one fused kernel.",
    "",
    `| Optimizer | Fused kernel | Conformance entries | ${backends.map((b) => b.name).join(" | ")} |`,
    `|---|---|---|${backends.map(() => "---").join("|")}|`,
    ...optimizerRows(backends),
    "",
    "## Not yet covered by the conformance suite",
    "",
    rows.filter((r) => !r.cases).map((r) => `\`${r.name}\``).join(", ") || "Every op is covered.",
    "",
    "## Other exported functions (not ops)",
    "",
    others.map((n) => `\`${n}\``).join(", "),
    "",
  ];
  return lines.join("\n");
}

const notes = await loadBackendPackages();
const backends = torch.backends.list().filter((b) => b.name !== testing.TRACE_BACKEND_NAME);
const byOp = groupEntries();
const ops = publicOps(new Set(byOp.keys()));
const out = here("../../../docs/op-coverage.md");
writeFileSync(out, render(ops, byOp, backends, notes));
console.log(`op-coverage: wrote ${out} (${ops.names.length} ops, ${backends.length} backends)`);
