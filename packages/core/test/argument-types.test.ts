import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";
import { expectError } from "./expect-error.js";

/**
 * Arguments of the wrong type raise a TypeError naming the op and what it
 * expected, instead of turning into NaN or being ignored: PyTorch's keyword
 * form `sum(dim=1)` written as an options object, arrays or strings where a
 * number or tensor belongs, misspelt dropout options.
 */
describe("argument types", () => {
  const x = torch.tensor([[1.5, -2, 3], [4, 5, -6]]);

  it("a dim given as an options object says to pass it positionally", () => {
    for (const [op, call] of [
      ["sum", () => x.sum({ dim: 1 } as never)],
      ["mean", () => x.mean({ dim: 1 } as never)],
      ["amax", () => x.amax({ dim: 1 } as never)],
      ["argmax", () => x.argmax({ dim: 1 } as never)],
      ["softmax", () => x.softmax({ dim: 1 } as never)],
      ["cumsum", () => x.cumsum({ dim: 1 } as never)],
      ["max", () => x.max({ dim: 1 } as never)],
      ["cat", () => torch.cat([x, x], { dim: 1 } as never)],
    ] as const) {
      expectError(call, TypeError, new RegExp(`^${op}: argument 'dim' must be an integer or an array of integers, but got object; the dim is a positional argument here, as in ${op}\\(1\\)`));
    }
    expectError(() => x.sum("1" as never), TypeError, /sum: argument 'dim' must be an integer or an array of integers, but got string$/);
    expect(x.sum(1, { keepdim: true }).tolist()).toEqual([[2.5], [3]]);
  });

  it("the other operand of an elementwise op is a tensor or a number", () => {
    expectError(() => x.add([1, 2, 3] as never), TypeError, /add: expected a Tensor or a number as the other operand, but got an array; wrap arrays with torch\.tensor/);
    expectError(() => x.mul("2" as never), TypeError, /mul: expected a Tensor or a number as the other operand, but got the string "2"/);
    expectError(() => x.maximum({} as never), TypeError, /maximum: expected a Tensor or a number/);
    expectError(() => torch.where(x.gt(0), { a: 1 } as never, x), TypeError, /where: expected a Tensor or a number/);
    expectError(() => torch.where(x.gt(0), x, null as never), TypeError, /where: expected a Tensor or a number/);
    expectError(() => x.clone().fill_([1] as never), TypeError, /fill_: expected a Tensor or a number/);
    // numbers, booleans and bigints stay accepted
    expect(x.add(1).tolist()).toEqual([[2.5, -1, 4], [5, 6, -5]]);
    expect(x.long().add(2n as never).tolist()).toEqual([[3, 0, 5], [6, 7, -4]]);
    expect(torch.where(x.gt(0), x, 0).tolist()).toEqual([[1.5, 0, 3], [4, 5, 0]]);
  });

  it("norm takes p as a number or 'fro'", () => {
    expect(x.norm("fro").item()).toBeCloseTo(Math.sqrt(1.5 ** 2 + 4 + 9 + 16 + 25 + 36), 5);
    expectError(() => x.norm({ dim: 1 } as never), TypeError, /norm: argument 'p' must be a number or "fro", but got an object/);
  });

  it("dropout takes p as a number or options, and refuses unknown options", () => {
    torch.manualSeed(0);
    const ones = torch.ones([1000]);
    const kept = (t: torch.Tensor) => t.ne(0).sum().item() / 1000;
    expect(kept(torch.nn.functional.dropout(ones, 0.9))).toBeLessThan(0.2);
    expect(kept(torch.nn.functional.dropout(ones, { p: 0.1 }))).toBeGreaterThan(0.8);
    expect(torch.nn.functional.dropout(ones, { p: 0.9, training: false })).toBe(ones);
    expectError(() => torch.nn.functional.dropout(ones, { prob: 0.9 } as never), TypeError, /dropout: .*prob/);
    expectError(() => torch.nn.functional.dropout(ones, { p: "0.9" } as never), TypeError, /dropout: .*'p'/);
    expectError(() => torch.nn.functional.dropout2d(ones.reshape([10, 10, 10]), [0.5] as never), TypeError, /dropout2d/);
  });

  it("loadStateDict looks for its keys among the dict's own entries only", () => {
    const lin = new nn.Linear(2, 1);
    // "constructor" is inherited by every object; it must not count as present
    const sd = JSON.parse('{"__proto__": 1}') as Record<string, torch.Tensor>;
    Object.defineProperty(sd, "__proto__", { value: torch.ones([1]), enumerable: true, writable: true, configurable: true });
    sd.weight = torch.zeros([1, 2]);
    const r = lin.loadStateDict(sd, { strict: false });
    expect(r.missingKeys).toEqual(["bias"]);
    expect(r.unexpectedKeys).toEqual([]);
    expectError(() => lin.loadStateDict(sd), Error, /Unexpected key\(s\) in state_dict: "__proto__"/);
  });
});
