import { ShapeError } from "../errors.js";
import { broadcastShapes, normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { installMethods } from "./methods.js";

/**
 * einsum and tensordot, written as permutes, reshapes and batched matmuls: operands are contracted
 * pairwise from the left, each pair as one matmul over its shared labels, so no operand is ever
 * broadcast to the full product of all labels. Repeated labels within an operand take a diagonal.
 */

declare module "../tensor.js" {
  interface Tensor {
    tensordot(other: Tensor, dims?: number | readonly [readonly number[], readonly number[]]): Tensor;
  }
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

export function tensordot(a: Tensor, b: Tensor, dims: number | readonly [readonly number[], readonly number[]] = 2): Tensor {
  let da: number[];
  let db: number[];
  if (typeof dims === "number") {
    if (!Number.isInteger(dims) || dims < 0 || dims > a.ndim || dims > b.ndim) throw new RangeError(`tensordot: dims (${dims}) must be a non-negative integer no larger than either operand's rank (${a.ndim}, ${b.ndim})`);
    da = Array.from({ length: dims }, (_, i) => a.ndim - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else {
    da = dims[0].map((d) => normalizeDim("tensordot", d, a.ndim));
    db = dims[1].map((d) => normalizeDim("tensordot", d, b.ndim));
    if (da.length !== db.length) throw new ShapeError(`tensordot: both dimension lists should have same length (got ${da.length} and ${db.length})`);
  }
  da.forEach((d, i) => {
    if (a.shape[d] !== b.shape[db[i]!]) throw new ShapeError(`tensordot: contracted dimensions need to match, but first has size ${a.shape[d]} in dim ${d} and second has size ${b.shape[db[i]!]} in dim ${db[i]}`);
  });
  const freeA = a.shape.map((_, i) => i).filter((i) => !da.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !db.includes(i));
  const k = prod(da.map((d) => a.shape[d]!));
  const A = a.permute([...freeA, ...da]).reshape([prod(freeA.map((d) => a.shape[d]!)), k]);
  const B = b.permute([...db, ...freeB]).reshape([k, prod(freeB.map((d) => b.shape[d]!))]);
  return A.mm(B).reshape([...freeA.map((d) => a.shape[d]!), ...freeB.map((d) => b.shape[d]!)]);
}

/** An operand with one label per dim (ellipsis dims get labels "0", "1", ... counted from the right). */
interface Term {
  t: Tensor;
  labels: string[];
}

function parseTerm(spec: string, t: Tensor, ellRank: number, equation: string): Term {
  const parts = spec.split("...");
  if (parts.length > 2) throw new SyntaxError(`einsum(): found more than one ellipsis in operand "${spec}" of "${equation}"`);
  const letters = (s: string) => [...s].map((c) => {
    if (!/[a-zA-Z]/.test(c)) throw new SyntaxError(`einsum(): invalid subscript given at index of "${c}" in equation string "${equation}", subscripts must be in [a-zA-Z]`);
    return c;
  });
  const before = letters(parts[0]!);
  const after = parts.length === 2 ? letters(parts[1]!) : [];
  const ell = parts.length === 2 ? t.ndim - before.length - after.length : 0;
  if (ell < 0 || (parts.length === 1 && before.length !== t.ndim)) {
    throw new ShapeError(`einsum(): the number of subscripts in the equation ("${spec}") does not match the number of dimensions (${t.ndim}) of operand of shape ${shapeToString(t.shape)}`);
  }
  const ellLabels = Array.from({ length: ell }, (_, i) => String(ellRank - ell + i));
  return takeDiagonals({ t, labels: [...before, ...ellLabels, ...after] });
}

/** A label repeated within an operand selects that operand's diagonal over those dims. */
function takeDiagonals(term: Term): Term {
  let { t, labels } = term;
  for (let i = 0; i < labels.length; i++) {
    const j = labels.indexOf(labels[i]!, i + 1);
    if (j < 0) continue;
    if (t.shape[i] !== t.shape[j]) throw new ShapeError(`einsum(): subscript ${labels[i]} is repeated for operand but the sizes don't match, ${t.shape[i]} != ${t.shape[j]}`);
    t = t.diagonal(0, i, j);
    labels = [...labels.filter((_, k) => k !== i && k !== j), labels[i]!];
    i = -1;
  }
  return { t, labels };
}

/** Sums away the labels no later step needs. */
function sumUnneeded(term: Term, needed: ReadonlySet<string>): Term {
  const drop = term.labels.map((l, i) => (needed.has(l) ? -1 : i)).filter((i) => i >= 0);
  if (!drop.length) return term;
  return { t: term.t.sum(drop), labels: term.labels.filter((l) => needed.has(l)) };
}

/** Contracts two terms over their shared labels that no later step needs, as one batched matmul. */
function contract(a: Term, b: Term, needed: ReadonlySet<string>): Term {
  const inB = new Set(b.labels);
  const batch = a.labels.filter((l) => inB.has(l) && needed.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !needed.has(l));
  const aOnly = a.labels.filter((l) => !inB.has(l));
  const bOnly = b.labels.filter((l) => !a.labels.includes(l));
  const size = (term: Term, l: string) => term.t.shape[term.labels.indexOf(l)]!;
  const summedSizes = summed.map((l) => Math.max(size(a, l), size(b, l)));
  const arrange = (term: Term, order: string[], sizes: (l: string) => number) => {
    const p = term.t.permute(order.map((l) => term.labels.indexOf(l)));
    return p.expand(order.map((l, i) => (summed.includes(l) ? sizes(l) : p.shape[i]!)));
  };
  const sumSize = (l: string) => summedSizes[summed.indexOf(l)]!;
  const A = arrange(a, [...batch, ...aOnly, ...summed], sumSize);
  const B = arrange(b, [...batch, ...summed, ...bOnly], sumSize);
  const bA = A.shape.slice(0, batch.length);
  const bB = B.shape.slice(0, batch.length);
  const aOnlySizes = aOnly.map((l) => size(a, l));
  const bOnlySizes = bOnly.map((l) => size(b, l));
  const k = prod(summedSizes);
  const out = A.reshape([...bA, prod(aOnlySizes), k]).matmul(B.reshape([...bB, k, prod(bOnlySizes)]));
  const batchShape = broadcastShapes("einsum", bA, bB);
  return { t: out.reshape([...batchShape, ...aOnlySizes, ...bOnlySizes]), labels: [...batch, ...aOnly, ...bOnly] };
}

export function einsum(equation: string, ...operands: Tensor[] | [readonly Tensor[]]): Tensor {
  const ops = (operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands) as readonly Tensor[];
  const eq = equation.replace(/\s+/g, "");
  const [lhs, rhs] = eq.includes("->") ? (eq.split("->") as [string, string]) : [eq, undefined];
  const specs = lhs.split(",");
  if (specs.length !== ops.length) throw new ShapeError(`einsum(): ${specs.length} operand(s) in the equation "${equation}" but ${ops.length} tensor(s) given`);
  const ellRank = Math.max(0, ...specs.map((s, i) => (s.includes("...") ? ops[i]!.ndim - s.replace("...", "").length : 0)));
  const terms = specs.map((s, i) => parseTerm(s, ops[i]!, ellRank, equation));
  const ellLabels = Array.from({ length: ellRank }, (_, i) => String(i));
  let output: string[];
  if (rhs === undefined) {
    const counts = new Map<string, number>();
    for (const s of specs) for (const c of s.replace("...", "")) counts.set(c, (counts.get(c) ?? 0) + 1);
    output = [...ellLabels, ...[...counts].filter(([, n]) => n === 1).map(([c]) => c).sort()];
  } else {
    const parsed = rhs.split("...");
    if (parsed.length > 2) throw new SyntaxError(`einsum(): found more than one ellipsis in the output of "${equation}"`);
    output = parsed.length === 2 ? [...parsed[0]!, ...ellLabels, ...parsed[1]!] : [...rhs];
    const all = new Set(terms.flatMap((t) => t.labels));
    for (const l of output) {
      if (!all.has(l)) throw new SyntaxError(`einsum(): output subscript ${l} does not appear in the equation for any input operand`);
      if (output.indexOf(l) !== output.lastIndexOf(l)) throw new SyntaxError(`einsum(): output subscript ${l} appears more than once in the output`);
    }
  }
  const neededAfter = (i: number) => new Set([...output, ...terms.slice(i + 1).flatMap((t) => t.labels)]);
  let acc = sumUnneeded(terms[0]!, new Set([...neededAfter(0)]));
  for (let i = 1; i < terms.length; i++) {
    const needed = neededAfter(i);
    const next = sumUnneeded(terms[i]!, new Set([...needed, ...acc.labels]));
    acc = contract(sumUnneeded(acc, new Set([...needed, ...next.labels])), next, needed);
  }
  return acc.t.permute(output.map((l) => acc.labels.indexOf(l)));
}

installMethods({
  tensordot(other: Tensor, dims?: number | readonly [readonly number[], readonly number[]]) { return tensordot(this, other, dims); },
});
