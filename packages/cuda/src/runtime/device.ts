import type { CudaDriver, DeviceInfo } from "../driver/addon.js";
import { gridFor } from "../launch/config.js";
import { ParamPacker } from "../launch/params.js";
import { type Block, CachingAllocator } from "../memory/caching-allocator.js";
import { moduleImage, moduleOf } from "./modules.js";

/** Device memory handed to core: a block of the caching allocator on one device. */
export class CudaBuffer {
  constructor(
    readonly block: Block,
    readonly device: number,
  ) {}
  get address(): number {
    return this.block.address;
  }
}

/** What a kernel that checks indices was doing, to name it when its error flag is read. */
interface ErrorContext {
  op: string;
  dim: number;
}

/**
 * One GPU: its stream (in the addon), caching allocator, loaded kernels, and
 * the error flag that index-checking kernels write instead of faulting.
 */
export class CudaDevice {
  readonly allocator: CachingAllocator;
  readonly packer = new ParamPacker();
  private readonly modules = new Map<string, number>();
  private readonly functions = new Map<string, number>();
  private readonly contexts: ErrorContext[] = [];
  private readonly segmentBytes = new Map<number, number>();
  private errorSlot: Block | null = null;
  private pending: Error | null = null;
  /** Set when a checking kernel ran since the flag was last read. */
  private armed = false;
  private blas: { library: string; version?: number; error?: string } | null = null;
  /** Whether GEMMs may use cuBLAS (set false to compare with the plain kernel). */
  useBlas = process.env.TAIMATSU_CUDA_BLAS !== "0";

  constructor(
    readonly driver: CudaDriver,
    readonly index: number,
    readonly info: DeviceInfo,
  ) {
    driver.openDevice(index);
    this.allocator = new CachingAllocator(
      {
        // segments taken from the driver count as external memory, so that V8 collects
        // unreachable tensors (and returns their blocks to the cache) as device memory fills
        malloc: (bytes) => {
          const a = driver.malloc(index, bytes);
          if (a < 0) return null;
          this.segmentBytes.set(a, bytes);
          driver.adjustExternalMemory(bytes);
          return a;
        },
        free: (address) => {
          driver.free(index, address);
          driver.adjustExternalMemory(-(this.segmentBytes.get(address) ?? 0));
          this.segmentBytes.delete(address);
        },
        synchronize: () => driver.synchronize(index),
        info: () => driver.memInfo(index),
      },
      `CUDA (cuda:${index})`,
    );
  }

  /** Whether cuBLAS is open on this device (opened on first use; absent when libcublas is not installed). */
  blasReady(): boolean {
    if (!this.useBlas) return false;
    this.blas ??= this.driver.blasOpen(this.index);
    return this.blas.error === undefined;
  }

  blasInfo(): { library: string; version?: number; error?: string } | null {
    return this.blas;
  }

  /** Launches `kernel` over `n` items; `pack` writes its parameters after the packer is reset. */
  launch(kernel: string, n: number, pack: (p: ParamPacker) => void): void {
    if (n === 0) return;
    const fn = this.function(kernel);
    const { grid, block } = gridFor(n);
    pack(this.packer.reset());
    this.driver.launch(fn, grid, 1, 1, block, 1, 1, 0, this.packer.bytes, this.packer.size);
  }

  private function(kernel: string): number {
    let fn = this.functions.get(kernel);
    if (fn === undefined) {
      const name = moduleOf(kernel);
      let mod = this.modules.get(name);
      if (mod === undefined) {
        mod = this.driver.loadModule(this.index, moduleImage(name, this.info.major, this.info.minor).image);
        this.modules.set(name, mod);
      }
      fn = this.driver.getFunction(mod, kernel);
      this.functions.set(kernel, fn);
    }
    return fn;
  }

  /** The error flag's address and a tag naming `op` along `dim`, for a kernel that checks indices. */
  errorFlag(op: string, dim: number): { slot: number; tag: number } {
    if (!this.errorSlot) {
      this.errorSlot = this.allocator.allocate(32);
      this.driver.memset(this.index, this.errorSlot.address, 0, 32);
    }
    this.armed = true;
    this.contexts.push({ op, dim });
    return { slot: this.errorSlot.address, tag: this.contexts.length - 1 };
  }

  /**
   * Reads the error flag after a synchronization (the caller has waited for
   * the queue), and returns the first recorded error once; null when none.
   */
  takeError(): Error | null {
    if (this.armed && this.errorSlot) {
      const flag = new BigUint64Array(4);
      this.driver.readSync(this.index, this.errorSlot.address, flag);
      this.armed = false;
      if (flag[0] !== 0n) {
        const ctx = this.contexts[Number(flag[1])] ?? { op: "a kernel", dim: -1 };
        this.pending ??= new RangeError(
          `${ctx.op}: index ${BigInt.asIntN(64, flag[2]!)} is out of bounds for dimension ${ctx.dim} with size ${flag[3]} (reported by cuda:${this.index} at the first synchronization after the kernel ran)`,
        );
        this.driver.memset(this.index, this.errorSlot.address, 0, 32);
      }
      this.contexts.length = 0;
    }
    const e = this.pending;
    this.pending = null;
    return e;
  }
}

/** Grid sizes for tests and info. */
export { gridFor };
