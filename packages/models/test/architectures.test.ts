import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MODELS } from "./model-zoo.js";

/** Parameter counts, entry counts and (for one model per pattern) every key and shape, from PyTorch/torchvision. */
const expected = JSON.parse(readFileSync(new URL("./fixtures/architectures.json", import.meta.url), "utf8")) as Record<
  string,
  { params: number; entries: number; state_dict?: [string, number[]][] }
>;

describe("state dicts match the PyTorch reference implementations", () => {
  it("covers every architecture", () => {
    expect(Object.keys(MODELS).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, reference] of Object.entries(expected)) {
    it(name, () => {
      const model = MODELS[name]!({});
      const sd = model.stateDict();
      expect(Object.keys(sd).length).toBe(reference.entries);
      expect(model.parameters().reduce((n, p) => n + p.numel(), 0)).toBe(reference.params);
      if (reference.state_dict) expect(Object.entries(sd).map(([k, t]) => [k, t.size()])).toEqual(reference.state_dict);
    }, 120_000); // initialising the large models takes a while on the reference backend
  }

  it("known parameter counts", () => {
    expect(expected.resnet20!.params).toBe(269_722);
    expect(expected.resnet18!.params).toBe(11_689_512);
    expect(expected.resnet50!.params).toBe(25_557_032);
  });
});
