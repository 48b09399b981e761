/**
 * Module printing in PyTorch's layout: `Name(extra)` for a leaf, and one
 * `(name): child` line per submodule, indented by two spaces, otherwise.
 */
export interface ReprParts {
  name: string;
  extra: string;
  children: [string, string][];
}

/** Indents every line but the first, so a nested repr lines up under its `(name): ` prefix. */
function indentTail(text: string, spaces: number): string {
  const lines = text.split("\n");
  if (lines.length === 1) return text;
  const pad = " ".repeat(spaces);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join("\n");
}

export function formatModule({ name, extra, children }: ReprParts): string {
  const extraLines = extra ? extra.split("\n") : [];
  const childLines = children.map(([key, repr]) => `(${key}): ${indentTail(repr, 2)}`);
  const lines = [...extraLines, ...childLines];
  if (lines.length === 0) return `${name}()`;
  if (extraLines.length === 1 && childLines.length === 0) return `${name}(${extraLines[0]})`;
  return `${name}(\n  ${lines.join("\n  ")}\n)`;
}

/** Python's repr of a JS value inside `extraRepr` (True/False/None, tuples). */
export function pyValue(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  if (Array.isArray(value)) return value.length === 1 ? `(${pyValue(value[0])},)` : `(${value.map(pyValue).join(", ")})`;
  if (typeof value === "string") return `'${value}'`;
  return String(value);
}

/** Python's float repr for the few floats that appear in module reprs (`eps=1e-05`, `p=0.5`). */
export function pyFloat(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  const s = String(value);
  // JS writes 1e-5 as "0.00001"; Python switches to exponent form below 1e-4
  if (Math.abs(value) < 1e-4) {
    const [mant, exp] = value.toExponential().split("e");
    const e = Number(exp);
    return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return s;
}
