import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../src/index.js"; // registers the CPU backend the tensors load on
import type { Tensor } from "../src/index.js";
import { loadTorchCheckpoint, stripPrefix } from "../src/serialization/torch-checkpoint/index.js";

describe("stripPrefix", () => {
  it("removes the prefix where present and keeps other keys and the order", () => {
    const sd = { "module.conv.weight": 1, "module.fc.bias": 2, head: 3, "modulex.y": 4 };
    expect(Object.entries(stripPrefix(sd, "module."))).toEqual([["conv.weight", 1], ["fc.bias", 2], ["head", 3], ["modulex.y", 4]]);
    expect(sd).toHaveProperty(["module.conv.weight"]); // the input is not modified
  });

  it("works on Maps", () => {
    const sd = new Map([["module.a", 1], ["b", 2]]);
    expect([...stripPrefix(sd, "module.")]).toEqual([["a", 1], ["b", 2]]);
  });

  it("keeps a __proto__ key an entry", () => {
    const sd = JSON.parse('{"module.__proto__": 1}') as Record<string, number>;
    const out = stripPrefix(sd, "module.");
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
  });

  it("strips a DataParallel checkpoint, metadata included", () => {
    const bytes = new Uint8Array(readFileSync(new URL("./fixtures/checkpoints/state-dict.pt", import.meta.url)));
    const { state_dict } = loadTorchCheckpoint(bytes) as { state_dict: Record<string, Tensor> };
    const sd = stripPrefix(state_dict, "module.");
    expect(Object.keys(sd)).toEqual([
      "conv.weight", "conv.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "fc.weight", "fc.bias",
    ]);
    expect(sd["conv.weight"]).toBe(state_dict["module.conv.weight"]);
    const metadata = (sd as { _metadata?: Record<string, { version: number }> })._metadata!;
    expect(Object.keys(metadata)).toEqual(["", "conv", "bn", "fc"]);
    expect(metadata.bn!.version).toBe(2);
    expect(Object.keys(sd)).not.toContain("_metadata");
  });
});
