/**
 * Where the GPU comes from: `navigator.gpu` in browsers (and runtimes that
 * have it, like Deno), else the optional npm package `webgpu` (Dawn) in
 * Node.js when it is installed. Null when neither is there.
 */
export async function findGpu(): Promise<{ gpu: GPU; source: string } | { gpu: null; reason: string }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, source: "navigator.gpu" };
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
  if (!isNode) return { gpu: null, reason: "this runtime has no navigator.gpu (a browser without WebGPU, or a page that is not a secure context)" };
  try {
    const specifier = "webgpu"; // a variable: bundlers and TypeScript leave the optional package alone
    const dawn = (await import(specifier)) as { create(flags: string[]): GPU; globals: Record<string, unknown> };
    Object.assign(globalThis, dawn.globals);
    return { gpu: dawn.create([]), source: "webgpu (Dawn for Node.js)" };
  } catch (e) {
    return { gpu: null, reason: `Node.js has no WebGPU without the optional package \`webgpu\` (npm install webgpu): ${String((e as Error)?.message ?? e)}` };
  }
}
