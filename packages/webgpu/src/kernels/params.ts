import type { backends } from "@taimatsu/core";

type View = backends.View;

/**
 * The parameter block of a kernel: a `u32` array bound as a read-only
 * storage buffer. Shapes, strides, offsets and scalars travel here rather
 * than in the shader source, so one pipeline serves every shape of a rank.
 *
 * Elementwise layout (rank R, views out, in0, in1, ...):
 *   [numel, shape[0..R), out.offset, out.strides[0..R), in0.offset, in0.strides[0..R), ..., scalars...]
 */
export interface ElementwiseLayout {
  rank: number;
  views: number;
  /** Word index of `shape[d]`. */
  shape(d: number): number;
  /** Word index of view `v`'s offset. */
  offset(v: number): number;
  /** Word index of view `v`'s stride on `d`. */
  stride(v: number, d: number): number;
  /** Word index of scalar `s`. */
  scalar(s: number): number;
}

export function elementwiseLayout(rank: number, views: number): ElementwiseLayout {
  const viewBase = (v: number) => 1 + rank + v * (rank + 1);
  return {
    rank,
    views,
    shape: (d) => 1 + d,
    offset: (v) => viewBase(v),
    stride: (v, d) => viewBase(v) + 1 + d,
    scalar: (s) => viewBase(views) + s,
  };
}

function checkWord(x: number, what: string): number {
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new RangeError(`webgpu: ${what} ${x} does not fit the kernel's 32-bit parameters`);
  return x;
}

export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Packs views sharing `shape` (out first) and scalar words into an elementwise parameter block. */
export function elementwiseParams(shape: readonly number[], views: readonly View[], scalars: readonly number[] = []): Uint32Array {
  const layout = elementwiseLayout(shape.length, views.length);
  const words = new Uint32Array(layout.scalar(scalars.length));
  words[0] = checkWord(numelOf(shape), "element count");
  shape.forEach((s, d) => (words[layout.shape(d)] = checkWord(s, "size")));
  views.forEach((v, i) => {
    words[layout.offset(i)] = checkWord(v.offset, "offset");
    v.strides.forEach((s, d) => (words[layout.stride(i, d)] = checkWord(s, "stride")));
  });
  scalars.forEach((s, i) => (words[layout.scalar(i)] = s >>> 0));
  return words;
}

/**
 * WGSL statements computing `o0, o1, ...` (element offsets of each view)
 * from the flat index `index`, and the coordinates `c0, c1, ...` when `coords` is set.
 */
export function offsetCode(layout: ElementwiseLayout, index = "i", coords = false): string {
  const lines: string[] = [`var rem = ${index};`];
  for (let v = 0; v < layout.views; v++) lines.push(`var o${v} = params[${layout.offset(v)}];`);
  if (coords) for (let d = 0; d < layout.rank; d++) lines.push(`var c${d} = 0u;`);
  for (let d = layout.rank - 1; d >= 0; d--) {
    lines.push(`{ let size = params[${layout.shape(d)}]; let c = rem % size; rem = rem / size;${coords ? ` c${d} = c;` : ""}`);
    for (let v = 0; v < layout.views; v++) lines.push(`  o${v} = o${v} + c * params[${layout.stride(v, d)}];`);
    lines.push("}");
  }
  return lines.join("\n    ");
}
