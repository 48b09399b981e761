import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { Backend } from "../src/backend/backend.js";

const reference = torch.backends.getBackendByName("reference");

describe("torch.setNumThreads / torch.getNumThreads", () => {
  it("reports 1 when the backend serving cpu has no threads, and validates the count as PyTorch does", () => {
    expect(torch.getNumThreads()).toBe(1);
    for (const n of [0, -2, 1.5, NaN, Infinity]) expect(() => torch.setNumThreads(n)).toThrow(RangeError);
    expect(() => torch.setNumThreads(0)).toThrow("setNumThreads: expected a positive integer, got 0");
    torch.setNumThreads(3); // no backend with threads: nothing to set, and no error
    expect(torch.getNumThreads()).toBe(1);
  });

  it("sets every backend that has threads and reads the count from the one serving cpu", () => {
    const counts: Record<string, number> = {};
    const threaded = (name: string, deviceType: string, priority: number): Backend => ({
      ...reference,
      name,
      deviceType,
      priority,
      setNumThreads: (n) => void (counts[name] = n),
      getNumThreads: () => counts[name] ?? 1,
    });
    torch.backends.registerBackend(threaded("threaded-cpu", "cpu", 50));
    torch.backends.registerBackend(threaded("threaded-other", "other-threads", 0));
    try {
      torch.setNumThreads(4);
      expect(counts).toEqual({ "threaded-cpu": 4, "threaded-other": 4 });
      expect(torch.getNumThreads()).toBe(4);
      torch.backends.use("cpu", "reference");
      expect(torch.getNumThreads()).toBe(1);
    } finally {
      torch.backends.use("cpu", "reference");
    }
  });
});
