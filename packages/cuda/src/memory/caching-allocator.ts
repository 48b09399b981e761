/**
 * A caching allocator for device memory in the manner of PyTorch's
 * CUDACachingAllocator. Device allocations (cuMemAlloc, and cuMemFree even
 * more) are slow and synchronize, so memory is taken from the driver in
 * segments and kept: requests are rounded to 512-byte size classes and served
 * by the best-fitting free block of the same stream, split when it is larger;
 * freed blocks merge with free neighbours of their segment. Small requests
 * (<= 1 MiB) share 2 MiB segments, larger ones get their own. When the device
 * is out of memory, the allocator hands every wholly free segment back to the
 * driver and retries once before raising.
 *
 * Stream-ordered reuse: a freed block is reused only by allocations on the
 * stream it was used on, so work queued later on that stream runs after every
 * kernel that used it before (the contract's "kernels queued before a free may
 * still use it"). The backend uses one stream per device.
 *
 * The allocator only does the bookkeeping; the device is behind `DeviceMemory`,
 * so its logic is tested on the CPU against a fake memory.
 */

/** The device below the allocator. */
export interface DeviceMemory {
  /** A new allocation of exactly `bytes`, or null when the device is out of memory. */
  malloc(bytes: number): number | null;
  /** Returns an allocation made by `malloc`. */
  free(address: number): void;
  /** Waits for queued work, before memory that it may still use goes back to the driver. */
  synchronize(): void;
  /** [free, total] bytes, for the out-of-memory message. */
  info?(): [number, number];
}

export const MIN_BLOCK = 512;
export const SMALL_REQUEST = 1 << 20; // up to 1 MiB: the small pool
export const SMALL_SEGMENT = 2 << 20; // its segments
export const MEDIUM_SEGMENT = 20 << 20; // segments for requests of 1 to 10 MiB
export const LARGE_REQUEST = 10 << 20; // from 10 MiB: a segment of its own, rounded to 2 MiB
export const LARGE_ROUND = 2 << 20;

interface Segment {
  address: number;
  bytes: number;
  small: boolean;
}

/** A piece of a segment: allocated (handed out as a buffer) or free (in its pool). */
export class Block {
  prev: Block | null = null;
  next: Block | null = null;
  free = true;
  constructor(
    readonly segment: Segment,
    readonly address: number,
    public size: number,
    readonly stream: number,
  ) {}
}

/** Thrown when the device has no memory left even after the cache was emptied (PyTorch's torch.cuda.OutOfMemoryError). */
export class OutOfMemoryError extends Error {
  override name = "OutOfMemoryError";
}

export interface AllocatorStats {
  /** Bytes of blocks handed out (size classes included). */
  allocatedBytes: number;
  /** Bytes taken from the driver (allocated + cached). */
  reservedBytes: number;
  /** Reserved bytes not handed out: free blocks kept for reuse. */
  cachedBytes: number;
  peakAllocatedBytes: number;
  /** Segments taken from / returned to the driver, and out-of-memory retries. */
  segmentAllocs: number;
  segmentFrees: number;
  oomRetries: number;
}

export function roundSize(bytes: number): number {
  return bytes < MIN_BLOCK ? MIN_BLOCK : Math.ceil(bytes / MIN_BLOCK) * MIN_BLOCK;
}

/** How much to take from the driver for a request of `size` (already rounded). */
export function segmentSize(size: number): number {
  if (size <= SMALL_REQUEST) return SMALL_SEGMENT;
  if (size < LARGE_REQUEST) return MEDIUM_SEGMENT;
  return Math.ceil(size / LARGE_ROUND) * LARGE_ROUND;
}

/** Free blocks ordered by (stream, size, address): the first fit found is the best fit. */
class Pool {
  readonly blocks: Block[] = [];

  private static less(a: Block, stream: number, size: number, address: number): boolean {
    return a.stream !== stream ? a.stream < stream : a.size !== size ? a.size < size : a.address < address;
  }

  private lowerBound(stream: number, size: number, address: number): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Pool.less(this.blocks[mid]!, stream, size, address)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(b: Block): void {
    this.blocks.splice(this.lowerBound(b.stream, b.size, b.address), 0, b);
  }

  remove(b: Block): void {
    const i = this.lowerBound(b.stream, b.size, b.address);
    if (this.blocks[i] !== b) throw new Error("caching allocator: a free block is missing from its pool");
    this.blocks.splice(i, 1);
  }

  /** The smallest free block of `stream` holding `size` bytes. */
  bestFit(stream: number, size: number): Block | null {
    const b = this.blocks[this.lowerBound(stream, size, -1)];
    return b && b.stream === stream ? b : null;
  }
}

export class CachingAllocator {
  private readonly small = new Pool();
  private readonly large = new Pool();
  private readonly segments = new Set<Block>(); // the first block of each segment
  private allocated = 0;
  private reserved = 0;
  private peak = 0;
  private segmentAllocs = 0;
  private segmentFrees = 0;
  private oomRetries = 0;

  constructor(
    private readonly memory: DeviceMemory,
    private readonly label = "device",
  ) {}

  /** A block of at least `bytes` (its `address` is the memory), usable in order on `stream`. */
  allocate(bytes: number, stream = 0): Block {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`caching allocator: cannot allocate ${bytes} bytes`);
    const size = roundSize(bytes);
    const pool = size <= SMALL_REQUEST ? this.small : this.large;
    let block = pool.bestFit(stream, size);
    if (block) pool.remove(block);
    else block = this.newSegment(size, stream);
    const rest = block.size - size;
    // keep the remainder when it can serve a request of its pool
    if (rest >= MIN_BLOCK && (pool === this.small || rest > SMALL_REQUEST)) {
      const tail = new Block(block.segment, block.address + size, rest, stream);
      tail.prev = block;
      tail.next = block.next;
      if (block.next) block.next.prev = tail;
      block.next = tail;
      block.size = size;
      pool.insert(tail);
    }
    block.free = false;
    this.allocated += block.size;
    this.peak = Math.max(this.peak, this.allocated);
    return block;
  }

  /** Returns a block; it merges with free neighbours and serves later requests on its stream. */
  free(block: Block): void {
    if (block.free) throw new Error("caching allocator: block freed twice");
    block.free = true;
    this.allocated -= block.size;
    const pool = block.segment.small ? this.small : this.large;
    let b = block;
    const prev = b.prev;
    if (prev?.free) {
      pool.remove(prev);
      prev.size += b.size;
      prev.next = b.next;
      if (b.next) b.next.prev = prev;
      if (this.segments.has(b)) throw new Error("caching allocator: segment head merged into a neighbour");
      b = prev;
    }
    const next = b.next;
    if (next?.free) {
      pool.remove(next);
      b.size += next.size;
      b.next = next.next;
      if (next.next) next.next.prev = b;
    }
    pool.insert(b);
  }

  /** Hands every wholly free segment back to the driver; returns the bytes released. */
  emptyCache(): number {
    const idle = [...this.segments].filter((head) => head.free && head.next === null);
    if (idle.length === 0) return 0;
    this.memory.synchronize();
    let released = 0;
    for (const head of idle) {
      (head.segment.small ? this.small : this.large).remove(head);
      this.segments.delete(head);
      this.memory.free(head.segment.address);
      this.reserved -= head.segment.bytes;
      released += head.segment.bytes;
      this.segmentFrees++;
    }
    return released;
  }

  stats(): AllocatorStats {
    return {
      allocatedBytes: this.allocated,
      reservedBytes: this.reserved,
      cachedBytes: this.reserved - this.allocated,
      peakAllocatedBytes: this.peak,
      segmentAllocs: this.segmentAllocs,
      segmentFrees: this.segmentFrees,
      oomRetries: this.oomRetries,
    };
  }

  private newSegment(size: number, stream: number): Block {
    const bytes = segmentSize(size);
    let address = this.memory.malloc(bytes);
    if (address === null) {
      // free what the cache holds and try once more, as PyTorch does
      this.oomRetries++;
      this.emptyCache();
      address = this.memory.malloc(bytes);
    }
    if (address === null) throw this.outOfMemory(size);
    this.segmentAllocs++;
    this.reserved += bytes;
    const head = new Block({ address, bytes, small: size <= SMALL_REQUEST }, address, bytes, stream);
    this.segments.add(head);
    return head;
  }

  private outOfMemory(size: number): OutOfMemoryError {
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
    const info = this.memory.info?.();
    const device = info ? `; ${mib(info[1])} total capacity, ${mib(info[0])} free` : "";
    return new OutOfMemoryError(
      `${this.label}: out of memory. Tried to allocate ${mib(size)}${device}; ${mib(this.allocated)} allocated by tensors, ` +
        `${mib(this.reserved)} reserved in total by the allocator. Free tensors you no longer need (torch.scope, dispose()), ` +
        "use smaller batches, or call torch.backends.emptyCache() if other programs need the memory.",
    );
  }
}
