import type { Observed } from "./observed.js";
import type { Tolerance } from "./tolerance.js";

/** A conformance failure. Thrown by a case so that any test runner reports it. */
export class ConformanceError extends Error {
  override name = "ConformanceError";
}

function position(shape: readonly number[], flat: number): string {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return `[${idx.join(", ")}]`;
}

function close(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

/**
 * Why `actual` differs from `expected` (shape, dtype, or the first elements
 * out of tolerance), or null when they agree. NaN matches NaN; infinities must match exactly.
 */
export function difference(actual: Observed, expected: Observed, tol: Tolerance, checkDType = true): string | null {
  if (actual.shape.join() !== expected.shape.join()) return `shape [${actual.shape.join(", ")}], expected [${expected.shape.join(", ")}]`;
  if (checkDType && actual.dtype !== expected.dtype) return `dtype ${actual.dtype}, expected ${expected.dtype}`;
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < expected.values.length; i++) {
    const a = actual.values[i]!;
    const e = expected.values[i]!;
    if (close(a, e, tol)) continue;
    if (++count <= 3) bad.push(`at ${position(expected.shape, i)} got ${a}, expected ${e}`);
  }
  if (!count) return null;
  return `${count} of ${expected.values.length} elements differ (rtol ${tol.rtol}, atol ${tol.atol}): ${bad.join("; ")}`;
}

/** Collects every mismatch of a case, so one run reports them all. */
export class Mismatches {
  private readonly lines: string[] = [];

  /** Records `what: <difference>` when the results differ. */
  check(what: string, actual: Observed, expected: Observed, tol: Tolerance, checkDType = true): void {
    const d = difference(actual, expected, tol, checkDType);
    if (d) this.lines.push(`${what}: ${d}`);
  }

  add(line: string): void {
    this.lines.push(line);
  }

  get count(): number {
    return this.lines.length;
  }

  throwIfAny(title: string): void {
    if (!this.lines.length) return;
    const shown = this.lines.slice(0, 12);
    const more = this.lines.length > shown.length ? `\n  ... and ${this.lines.length - shown.length} more` : "";
    throw new ConformanceError(`${title}: ${this.lines.length} mismatch(es)\n  ${shown.join("\n  ")}${more}`);
  }
}
