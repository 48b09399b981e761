import type { HostInput, LayoutChoice } from "./evaluate.js";

/** "[2, 3] float32, [3] float32" (plus the layout), for failure messages. */
export function describeInputs(inputs: readonly HostInput[], choice?: LayoutChoice): string {
  const parts = inputs.map((x, i) => `[${x.spec.shape.join(", ")}] ${x.dtype}${choice?.input === i ? ` ${choice.layout.name}` : ""}`);
  return `(${parts.join(", ")})`;
}

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
