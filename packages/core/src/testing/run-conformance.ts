import type { ConformanceCase } from "./case.js";
import { conformanceCases, type ConformanceOptions } from "./cases.js";

/**
 * The slice of a test runner the suite needs: vitest, jest, mocha and
 * node:test all fit. `expect` is accepted so that `{ describe, it, expect }`
 * can be passed as is; cases throw their own errors and do not use it.
 */
export interface TestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>): void;
  expect?: unknown;
}

type SkipFn = (name: string, fn: () => Promise<void>) => void;

/** Registers cases whose paths start with the same group under one `describe`, recursively. */
function register(test: TestApi, cases: readonly ConformanceCase[], depth: number): void {
  let i = 0;
  while (i < cases.length) {
    const group = cases[i]!.path[depth];
    if (group === undefined) {
      const c = cases[i++]!;
      const skip = (test.it as unknown as { skip?: SkipFn }).skip;
      if (!c.skip) test.it(c.name, () => c.run());
      else skip?.call(test.it, `${c.name} (${c.skip})`, () => c.run());
      continue;
    }
    let j = i;
    while (j < cases.length && cases[j]!.path[depth] === group) j++;
    const members = cases.slice(i, j);
    test.describe(group, () => register(test, members, depth + 1));
    i = j;
  }
}

/**
 * Registers the conformance suite for `options.backend` with a test runner:
 *
 *   import { describe, it, expect } from "vitest";
 *   import "@taimatsu/cpu-native";
 *   import { runConformance } from "@taimatsu/core/testing";
 *   runConformance({ backend: "cpu-native", test: { describe, it, expect } });
 */
export function runConformance(options: ConformanceOptions & { test: TestApi }): void {
  const cases = conformanceCases(options);
  options.test.describe(`conformance: ${options.backend}`, () => register(options.test, cases, 0));
}
