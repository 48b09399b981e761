import { expect } from "vitest";

/** Asserts `fn` throws `type` (not a crash, not a wrong answer) with a message matching every pattern. */
export function expectError(fn: () => unknown, type: new (...args: never[]) => Error, ...patterns: (RegExp | string)[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, "expected an error").toBeInstanceOf(type);
  for (const p of patterns) expect((error as Error).message).toMatch(p);
}
