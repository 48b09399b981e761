import { describe, expect, it } from "vitest";
import {
  CachingAllocator, type DeviceMemory, MEDIUM_SEGMENT, OutOfMemoryError, roundSize, segmentSize, SMALL_SEGMENT,
} from "../src/memory/caching-allocator.js";

/** Device memory as a bump range with a capacity; records every call. */
class FakeMemory implements DeviceMemory {
  live = new Map<number, number>();
  next = 1 << 20;
  mallocs: number[] = [];
  frees: number[] = [];
  syncs = 0;
  constructor(public capacity = Number.POSITIVE_INFINITY) {}
  get used(): number {
    return [...this.live.values()].reduce((a, b) => a + b, 0);
  }
  malloc(bytes: number): number | null {
    if (this.used + bytes > this.capacity) return null;
    const a = this.next;
    this.next += bytes + 4096; // gaps: merging across segments would be a bug
    this.live.set(a, bytes);
    this.mallocs.push(bytes);
    return a;
  }
  free(address: number): void {
    if (!this.live.delete(address)) throw new Error(`free of unknown segment ${address}`);
    this.frees.push(address);
  }
  synchronize(): void {
    this.syncs++;
  }
  info(): [number, number] {
    return [this.capacity - this.used, this.capacity];
  }
}

const MiB = 2 ** 20;

describe("caching allocator: size classes and segments", () => {
  it("rounds requests up to 512-byte classes", () => {
    expect([0, 1, 512, 513, 1000, 1024, 1025].map(roundSize)).toEqual([512, 512, 512, 1024, 1024, 1024, 1536]);
  });

  it("takes 2 MiB segments for small requests, 20 MiB for medium ones, the rounded size for large ones", () => {
    expect(segmentSize(512)).toBe(SMALL_SEGMENT);
    expect(segmentSize(MiB)).toBe(SMALL_SEGMENT);
    expect(segmentSize(MiB + 512)).toBe(MEDIUM_SEGMENT);
    expect(segmentSize(10 * MiB)).toBe(10 * MiB);
    expect(segmentSize(11 * MiB + 512)).toBe(12 * MiB);
  });

  it("splits one small segment into consecutive blocks", () => {
    const mem = new FakeMemory();
    const a = new CachingAllocator(mem);
    const blocks = [1000, 1000, 100].map((n) => a.allocate(n));
    expect(mem.mallocs).toEqual([SMALL_SEGMENT]);
    const base = blocks[0]!.address;
    expect(blocks.map((b) => b.address - base)).toEqual([0, 1024, 2048]);
    expect(a.stats()).toMatchObject({ allocatedBytes: 1024 + 1024 + 512, reservedBytes: SMALL_SEGMENT, cachedBytes: SMALL_SEGMENT - 2560 });
  });

  it("reuses a freed block of the same stream without asking the device", () => {
    const mem = new FakeMemory();
    const a = new CachingAllocator(mem);
    const x = a.allocate(4096);
    a.allocate(4096);
    a.free(x);
    const y = a.allocate(4000);
    expect(y.address).toBe(x.address);
    expect(mem.mallocs).toHaveLength(1);
  });

  it("picks the best fitting free block", () => {
    const a = new CachingAllocator(new FakeMemory());
    const big = a.allocate(8192);
    a.allocate(512); // keeps the blocks apart
    const small = a.allocate(2048);
    a.allocate(512);
    a.free(big);
    a.free(small);
    expect(a.allocate(2048).address).toBe(small.address);
    expect(a.allocate(6000).address).toBe(big.address);
  });

  it("never hands a block freed on one stream to another stream", () => {
    const mem = new FakeMemory();
    const a = new CachingAllocator(mem);
    const x = a.allocate(4096, 1);
    a.free(x);
    const y = a.allocate(4096, 2);
    expect(mem.mallocs).toHaveLength(2);
    expect(y.address).not.toBe(x.address);
    expect(a.allocate(4096, 1).address).toBe(x.address);
  });

  it("merges freed neighbours back into one block, in any order", () => {
    for (const order of [[0, 1, 2], [2, 1, 0], [0, 2, 1], [1, 0, 2]]) {
      const mem = new FakeMemory();
      const a = new CachingAllocator(mem);
      const blocks = [a.allocate(MiB / 4), a.allocate(MiB / 4), a.allocate(MiB / 4)];
      for (const i of order) a.free(blocks[i]!);
      // the whole segment is one free block again: a request for all of it fits without a new segment
      const whole = a.allocate(MiB);
      expect(whole.address).toBe(blocks[0]!.address);
      expect(mem.mallocs).toEqual([SMALL_SEGMENT]);
    }
  });

  it("splits large blocks only when the rest is over 1 MiB", () => {
    const mem = new FakeMemory();
    const a = new CachingAllocator(mem);
    const x = a.allocate(5 * MiB); // a 20 MiB segment, 15 MiB left over
    const y = a.allocate(3 * MiB);
    expect(mem.mallocs).toEqual([MEDIUM_SEGMENT]);
    expect(y.address).toBe(x.address + 5 * MiB);
    const z = a.allocate(11.5 * MiB); // 12 MiB left: fits, with 0.5 MiB left unsplit
    expect(z.address).toBe(y.address + 3 * MiB);
    expect(z.size).toBe(12 * MiB);
  });

  it("emptyCache returns wholly free segments only, after waiting for queued work", () => {
    const mem = new FakeMemory();
    const a = new CachingAllocator(mem);
    const kept = a.allocate(1000);
    const gone = a.allocate(12 * MiB);
    a.free(gone);
    expect(a.stats().cachedBytes).toBe(SMALL_SEGMENT - 1024 + 12 * MiB);
    expect(a.emptyCache()).toBe(12 * MiB);
    expect(mem.syncs).toBe(1);
    expect(mem.live.size).toBe(1);
    expect(a.stats()).toMatchObject({ reservedBytes: SMALL_SEGMENT, allocatedBytes: 1024, segmentFrees: 1 });
    a.free(kept);
    expect(a.emptyCache()).toBe(SMALL_SEGMENT);
    expect(mem.live.size).toBe(0);
    expect(a.emptyCache()).toBe(0);
  });
});

describe("caching allocator: out of memory", () => {
  it("frees the cache and retries before failing", () => {
    const mem = new FakeMemory(24 * MiB);
    const a = new CachingAllocator(mem);
    a.free(a.allocate(5 * MiB)); // 20 MiB cached
    const big = a.allocate(21 * MiB); // a 22 MiB segment: only 4 MiB are free until the cache goes
    expect(big.size).toBe(22 * MiB);
    expect(a.stats()).toMatchObject({ oomRetries: 1, segmentFrees: 1, reservedBytes: 22 * MiB, allocatedBytes: 22 * MiB });
  });

  it("raises OutOfMemoryError with the sizes when even that fails", () => {
    const mem = new FakeMemory(16 * MiB);
    const a = new CachingAllocator(mem, "CUDA (cuda:0)");
    a.allocate(12 * MiB);
    let error: unknown;
    try {
      a.allocate(10 * MiB);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect((error as Error).message).toBe(
      "CUDA (cuda:0): out of memory. Tried to allocate 10.00 MiB; 16.00 MiB total capacity, 4.00 MiB free; 12.00 MiB allocated by tensors, " +
        "12.00 MiB reserved in total by the allocator. Free tensors you no longer need (torch.scope, dispose()), use smaller batches, " +
        "or call torch.backends.emptyCache() if other programs need the memory.",
    );
    // the failed request changed nothing
    expect(a.stats()).toMatchObject({ allocatedBytes: 12 * MiB, reservedBytes: 12 * MiB });
  });

  it("refuses sizes that are not byte counts", () => {
    const a = new CachingAllocator(new FakeMemory());
    expect(() => a.allocate(-1)).toThrow(RangeError);
    expect(() => a.allocate(1.5)).toThrow(RangeError);
    const b = a.allocate(10);
    a.free(b);
    expect(() => a.free(b)).toThrow("freed twice");
  });
});

describe("caching allocator: random workloads", () => {
  it("keeps live blocks disjoint, inside their segments, and its counts exact", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const mem = new FakeMemory();
    const a = new CachingAllocator(mem);
    const live: { block: ReturnType<CachingAllocator["allocate"]>; stream: number }[] = [];
    for (let step = 0; step < 3000; step++) {
      if (live.length > 0 && rand() < 0.45) {
        const [gone] = live.splice(Math.floor(rand() * live.length), 1);
        a.free(gone!.block);
      } else {
        const kind = rand();
        const bytes = kind < 0.7 ? Math.floor(rand() * 64 * 1024) : kind < 0.95 ? Math.floor(rand() * 8 * MiB) : Math.floor(rand() * 30 * MiB);
        const stream = rand() < 0.8 ? 0 : 1;
        const block = a.allocate(bytes, stream);
        expect(block.size).toBeGreaterThanOrEqual(bytes);
        expect(block.stream).toBe(stream);
        live.push({ block, stream });
      }
      if (step % 500 === 0) a.emptyCache();
    }
    const sorted = live.map((l) => l.block).sort((x, y) => x.address - y.address);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.address).toBeGreaterThanOrEqual(sorted[i - 1]!.address + sorted[i - 1]!.size);
    for (const b of sorted) {
      const seg = b.segment;
      expect(mem.live.get(seg.address)).toBe(seg.bytes);
      expect(b.address + b.size).toBeLessThanOrEqual(seg.address + seg.bytes);
    }
    expect(a.stats().allocatedBytes).toBe(sorted.reduce((s, b) => s + b.size, 0));
    expect(a.stats().reservedBytes).toBe(mem.used);
    for (const l of live) a.free(l.block);
    a.emptyCache();
    expect(mem.live.size).toBe(0);
    expect(a.stats()).toMatchObject({ allocatedBytes: 0, reservedBytes: 0, cachedBytes: 0 });
  });
});
