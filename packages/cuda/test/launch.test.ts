import { describe, expect, it } from "vitest";
import { coalesce } from "../src/launch/coalesce.js";
import { BLOCK, gridFor, MAX_BLOCKS } from "../src/launch/config.js";
import { ParamPacker, readView, VIEW_BYTES } from "../src/launch/params.js";
import { gemmPlan, type GemmPlan, type StridedMatrix } from "../src/kernels/gemm-plan.js";
import { requiredDriverVersion, unavailableReason } from "../src/driver/availability.js";

describe("launch configuration", () => {
  it("one thread per item up to the block cap, grid-stride beyond it", () => {
    expect(gridFor(0)).toEqual({ grid: 1, block: BLOCK });
    expect(gridFor(1)).toEqual({ grid: 1, block: BLOCK });
    expect(gridFor(BLOCK + 1).grid).toBe(2);
    expect(gridFor(2 ** 40).grid).toBe(MAX_BLOCKS);
    expect(() => gridFor(-1)).toThrow(RangeError);
  });
});

describe("parameter packing", () => {
  it("aligns each field naturally, as a PTX parameter list", () => {
    const p = new ParamPacker();
    p.i32(7).view({ address: 0x7f0000001000, offset: 3, shape: [2, 3], strides: [3, 1] }).i32(1).f64(0.5).i64(-2).ptr(16);
    // i32 at 0, view at 8 (152 bytes), i32 at 160, f64 at 168, i64 at 176, ptr at 184
    expect(p.size).toBe(192);
    const d = new DataView(p.bytes.buffer);
    expect(d.getInt32(0, true)).toBe(7);
    expect(readView(p.bytes, 8)).toEqual({ address: 0x7f0000001000, offset: 3, shape: [2, 3], strides: [3, 1] });
    expect(d.getInt32(160, true)).toBe(1);
    expect(d.getFloat64(168, true)).toBe(0.5);
    expect(d.getBigInt64(176, true)).toBe(-2n);
    expect(d.getBigUint64(184, true)).toBe(16n);
    expect(VIEW_BYTES).toBe(152);
  });

  it("zeroes padding and the unused dims of a view, and refuses more than eight dims", () => {
    const p = new ParamPacker();
    p.bytes.fill(0xff);
    p.i32(1).view({ address: 1, offset: 0, shape: [5], strides: [1] });
    expect(Array.from(p.bytes.subarray(4, 8))).toEqual([0, 0, 0, 0]);
    expect(readView(p.bytes, 8).shape).toEqual([5]);
    expect(new DataView(p.bytes.buffer).getBigInt64(8 + 24 + 8, true)).toBe(0n);
    expect(() => p.view({ address: 1, offset: 0, shape: Array(9).fill(2), strides: Array(9).fill(1) })).toThrow("at most 8 dims");
  });

  it("refuses parameter lists past its capacity", () => {
    const p = new ParamPacker(64);
    expect(() => p.view({ address: 1, offset: 0, shape: [], strides: [] })).toThrow("exceed 64 bytes");
  });
});

describe("dim merging", () => {
  it("merges contiguous dims, drops size-1 dims, and keeps dims that any view walks differently", () => {
    expect(coalesce([2, 3, 4], [[12, 4, 1]])).toEqual({ shape: [24], strides: [[1]] });
    expect(coalesce([2, 1, 4], [[4, 99, 1]])).toEqual({ shape: [8], strides: [[1]] });
    expect(coalesce([2, 3, 4], [[12, 4, 1], [0, 4, 1]])).toEqual({ shape: [2, 12], strides: [[12, 1], [0, 1]] });
    expect(coalesce([3, 4], [[1, 3]])).toEqual({ shape: [3, 4], strides: [[1, 3]] });
    expect(coalesce([], [[]])).toEqual({ shape: [], strides: [[]] });
  });

  it("walks the same elements as the original views", () => {
    const shape = [2, 3, 1, 4];
    const views = [[12, 4, 7, 1], [0, 0, 5, 1], [24, 8, 0, 2]];
    const offsets = (sh: number[], st: number[]) => {
      const out: number[] = [];
      const walk = (d: number, o: number) => {
        if (d === sh.length) return void out.push(o);
        for (let i = 0; i < sh[d]!; i++) walk(d + 1, o + i * st[d]!);
      };
      walk(0, 0);
      return out;
    };
    const c = coalesce(shape, views);
    views.forEach((st, v) => expect(offsets(c.shape, c.strides[v]!)).toEqual(offsets(shape, st)));
  });
});

/** cublas<t>gemmStridedBatched with alpha 1, beta 0, in column major, on plain arrays. */
function cublasGemm(plan: GemmPlan, first: Float64Array, second: Float64Array, out: Float64Array): void {
  const { m, n, k } = plan;
  for (let b = 0; b < plan.batch; b++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const x = plan.transFirst ? first[b * plan.strideFirst + p + i * plan.ldFirst]! : first[b * plan.strideFirst + i + p * plan.ldFirst]!;
          const y = plan.transSecond ? second[b * plan.strideSecond + j + p * plan.ldSecond]! : second[b * plan.strideSecond + p + j * plan.ldSecond]!;
          s += x * y;
        }
        out[b * plan.strideOut + i + j * plan.ldOut] = s;
      }
    }
  }
}

/** A strided matrix over fresh storage: a permutation of a contiguous layout, optionally broadcast in batch dims. */
function strided(shape: number[], order: number[], broadcast: boolean[] = []): { m: StridedMatrix; data: Float64Array } {
  const strides = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (const d of order) {
    if (broadcast[d]) continue;
    strides[d] = s;
    s *= shape[d]!;
  }
  const data = Float64Array.from({ length: s }, (_, i) => ((i * 7919) % 23) - 11);
  return { m: { shape, strides }, data };
}

function at(m: StridedMatrix, data: Float64Array, idx: number[]): number {
  return data[idx.reduce((o, x, d) => o + x * m.strides[d]!, 0)]!;
}

describe("cuBLAS GEMM plans", () => {
  const cases: [string, number[], number[], number[], number[]][] = [
    // name, batch, [M, K, N], a order, b order, out is always row-major
    ["plain", [], [3, 4, 5], [1, 0], [1, 0]],
    ["a transposed", [], [3, 4, 5], [0, 1], [1, 0]],
    ["b transposed", [], [3, 4, 5], [1, 0], [0, 1]],
    ["both transposed", [], [3, 4, 5], [0, 1], [0, 1]],
    ["vector-matrix", [], [1, 4, 5], [1, 0], [1, 0]],
    ["matrix-vector", [], [3, 4, 1], [1, 0], [0, 1]],
    ["batched", [2, 3], [3, 4, 5], [3, 2, 1, 0], [3, 2, 1, 0]],
    ["batched, b transposed", [2], [3, 4, 5], [2, 1, 0], [1, 2, 0]],
  ];
  for (const [name, batch, [M, K, N], ao, bo] of cases) {
    it(`computes a @ b for ${name}`, () => {
      const a = strided([...batch, M!, K!], ao);
      const b = strided([...batch, K!, N!], bo);
      const out = strided([...batch, M!, N!], [...Array(batch.length + 2).keys()].reverse());
      const plan = gemmPlan(out.m, a.m, b.m);
      expect(plan).not.toBeNull();
      const result = new Float64Array(out.data.length);
      cublasGemm(plan!, b.data, a.data, result);
      const B = batch.reduce((x, y) => x * y, 1);
      for (let i = 0; i < B; i++) {
        const bi: number[] = [];
        let r = i;
        for (let d = batch.length - 1; d >= 0; d--) {
          bi.unshift(r % batch[d]!);
          r = Math.floor(r / batch[d]!);
        }
        for (let m = 0; m < M!; m++) {
          for (let n = 0; n < N!; n++) {
            let want = 0;
            for (let k = 0; k < K!; k++) want += at(a.m, a.data, [...bi, m, k]) * at(b.m, b.data, [...bi, k, n]);
            expect(at(out.m, result, [...bi, m, n])).toBe(want);
          }
        }
      }
    });
  }

  it("broadcast batches use stride 0", () => {
    const a = strided([4, 3, 2], [2, 1, 0], [true]);
    const b = strided([4, 2, 5], [2, 1, 0]);
    const out = strided([4, 3, 5], [2, 1, 0]);
    expect(gemmPlan(out.m, a.m, b.m)).toMatchObject({ strideSecond: 0, batch: 4 });
  });

  it("leaves layouts cuBLAS cannot express to the plain kernel", () => {
    const out = { shape: [3, 5], strides: [5, 1] };
    expect(gemmPlan(out, { shape: [3, 4], strides: [8, 2] }, { shape: [4, 5], strides: [5, 1] })).toBeNull(); // stepped
    expect(gemmPlan({ shape: [3, 5], strides: [1, 3] }, { shape: [3, 4], strides: [4, 1] }, { shape: [4, 5], strides: [5, 1] })).toBeNull(); // output transposed
    expect(gemmPlan(out, { shape: [3, 0], strides: [0, 1] }, { shape: [0, 5], strides: [5, 1] })).toBeNull(); // K = 0
    expect(gemmPlan({ shape: [2, 2, 3, 5], strides: [15, 30, 5, 1] }, { shape: [2, 2, 3, 4], strides: [24, 12, 4, 1] }, { shape: [2, 2, 4, 5], strides: [40, 20, 5, 1] })).toBeNull(); // batch dims out of order
  });
});

describe("availability", () => {
  const devices = [{ name: "GPU", major: 9, minor: 0, multiprocessors: 132, totalBytes: 8e10 }];
  it("reads the driver the PTX needs from its ISA version", () => {
    expect(requiredDriverVersion("//\n.version 9.0\n.target sm_80")).toBe(13000);
    expect(requiredDriverVersion(".version 8.5\n")).toBe(12050);
    expect(requiredDriverVersion(".version 7.8\n")).toBe(11080);
  });
  it("is null with a new enough driver and a device", () => {
    expect(unavailableReason({ library: "libcuda.so.1", tried: [], driverVersion: 13000, devices }, 13000)).toBeNull();
  });
  it("names an old GPU", () => {
    expect(unavailableReason({ library: "l", tried: [], driverVersion: 13000, devices: [{ ...devices[0]!, name: "Tesla V100", major: 7 }] }, 13000)).toBe(
      "Tesla V100 has compute capability 7.0; the kernels need 8.0 (Ampere) or newer.",
    );
  });
  it("names a driver that did not start", () => {
    expect(unavailableReason({ library: "l", tried: [], initError: "CUDA_ERROR_UNKNOWN (999): unknown error", initCode: 999, devices: [] }, 13000)).toMatch(
      /^the NVIDIA driver \(l\) did not start: CUDA_ERROR_UNKNOWN \(999\)/,
    );
  });
});
