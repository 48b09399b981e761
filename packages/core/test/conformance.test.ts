import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { Backend, PrimitiveKernels } from "../src/backend/backend.js";
import { record } from "../src/autograd/record.js";
import { contiguousStrides } from "../src/shape.js";
import { conformanceCases, op, runConformance, type ConformanceCase, type ConformanceOptions } from "../src/testing/index.js";

// The reference backend checks itself: against float64, finite differences and contiguous copies.
runConformance({ backend: "reference", test: { describe, it, expect } });

const reference = torch.backends.getBackendByName("reference");

/** A registered copy of the reference backend with some parts replaced. */
function variant(name: string, parts: Omit<Partial<Backend>, "primitives"> & { primitives?: Partial<PrimitiveKernels> } = {}): string {
  torch.backends.registerBackend({ ...reference, ...parts, name, priority: -1, primitives: { ...reference.primitives, ...parts.primitives } });
  return name;
}

/** "path > name" of every case that fails. */
async function failing(options: ConformanceOptions): Promise<string[]> {
  const failed: string[] = [];
  for (const c of conformanceCases(options) as ConformanceCase[]) {
    if (c.skip) continue;
    await c.run().catch(() => failed.push(`${c.path.join(" > ")} > ${c.name}`));
  }
  return failed;
}

const only = (...labels: string[]) => ({ filter: (o: { label: string }) => labels.includes(o.label) });

describe("the conformance suite fails broken backends", () => {
  it("passes an unmodified copy of the reference backend", async () => {
    expect(await failing({ backend: variant("copy"), ...only("exp", "matmul", "sum(1)", "gather(1)") })).toEqual([]);
  });

  it("catches wrong values", async () => {
    const backend = variant("exp-is-identity", {
      primitives: { unary: (op, out, a) => reference.primitives.unary(op === "exp" ? "identity" : op, out, a) },
    });
    const failed = await failing({ backend, ...only("exp") });
    expect(failed).toContain("ops > exp > forward float32");
    expect(failed).toContain("ops > exp > backward float32 vs reference");
  });

  it("catches a kernel that ignores strides and offsets", async () => {
    const backend = variant("strideless", {
      primitives: { unary: (op, out, a) => reference.primitives.unary(op, out, { ...a, strides: contiguousStrides(a.shape), offset: 0 }) },
    });
    const failed = await failing({ backend, ...only("sin") });
    expect(failed).toContain("ops > sin > layouts float32");
    expect(failed).not.toContain("ops > sin > forward float32");
  });

  it("catches a wrong fused kernel, and fused kernels no op exercises", async () => {
    const fused = {
      softmax: (x: torch.Tensor, { dim }: { dim: number }) => x.softmax(dim).add(1e-3),
      fancyKernel: (x: torch.Tensor) => x,
    };
    const failed = await failing({ backend: variant("bad-fused", { fused }), ...only("softmax(1)") });
    expect(failed).toContain("ops > softmax(1) > forward float32");
    expect(failed).toContain("backend > every fused kernel is exercised by a conformance op");
  });

  it("catches an allocator that copies to the wrong place", async () => {
    const allocator = { ...reference.allocator, copy: (d: object, _o: number, s: object, so: number, n: number, dt: torch.DType, device: number) => reference.allocator.copy(d, 0, s, so, n, dt, device) };
    const failed = await failing({ backend: variant("bad-copy", { allocator }), filter: () => false });
    expect(failed).toContain("allocator > copy between buffers at offsets float32");
    expect(failed).not.toContain("allocator > write, read and readSync at an offset float32");
  });

  it("catches a wrong gradient formula with finite differences", async () => {
    // doubles forward, claims the derivative is 3
    const triple = op("badDouble", (x) => record("BadBackward", [x], x.detach().mul(2), ([g]) => [g!.mul(3)]), [[[2, 3]]]);
    const failed = await failing({ backend: "reference", extraOps: [triple], ...only("badDouble") });
    expect(failed).toEqual(["ops > badDouble > gradient float64 vs finite differences"]);
  });
});
