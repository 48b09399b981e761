import { decodeBatch } from "./batch-transfer.js";
import { DataLoaderWorkerError } from "./worker-error.js";
import type { PoolListener, WorkerPool } from "./worker-pool.js";
import type { FromWorker } from "./worker-protocol.js";

export interface EpochPlan {
  /** Tags this epoch's requests, so late answers from an abandoned epoch are dropped. */
  epoch: number;
  /** Map-style: the index lists to fetch, in order. Null for stream datasets. */
  batches: Iterator<number[]> | null;
  /** Requests in flight at most (PyTorch: prefetchFactor * numWorkers). */
  inFlight: number;
  /** Milliseconds to wait for one batch; 0 waits forever. */
  timeout: number;
}

export type FinishReason = "done" | "error" | "return";

/**
 * One pass of a DataLoader over its workers. Requests go to workers round
 * robin, at most `inFlight` ahead; answers are put back in request order.
 */
export class MultiWorkerIterator<B> implements AsyncIterableIterator<B>, PoolListener {
  private sent = 0;
  private nextOut = 0;
  private readonly results = new Map<number, FromWorker>();
  /** Stream datasets: which worker answers each request, and which still have data. */
  private readonly owner = new Map<number, number>();
  private readonly active: boolean[];
  private turn = 0;
  private exhausted = false;
  private finished = false;
  private error: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly pool: WorkerPool,
    private readonly plan: EpochPlan,
    private readonly onFinish: (reason: FinishReason) => Promise<void>,
  ) {
    this.active = Array.from({ length: pool.size }, () => true);
    pool.listen(this);
    if (!plan.batches) for (let w = 0; w < pool.size; w++) pool.post(w, { type: "reset", epoch: plan.epoch });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  message(workerId: number, msg: FromWorker): void {
    if (msg.type === "fatal") this.error ??= new DataLoaderWorkerError(workerId, msg.error);
    else if (msg.epoch === this.plan.epoch) this.results.set(msg.seq, msg);
    this.wake?.();
  }

  failure(_workerId: number, error: Error): void {
    this.fail(error);
  }

  private fail(error: Error): void {
    this.error ??= error;
    this.wake?.();
  }

  async next(): Promise<IteratorResult<B>> {
    if (this.finished) return { done: true, value: undefined };
    this.dispatch();
    for (;;) {
      if (this.error) return this.finish("error", this.error);
      const r = this.results.get(this.nextOut);
      if (r) {
        this.results.delete(this.nextOut);
        const batch = this.accept(r);
        this.dispatch();
        if (batch !== undefined) return { done: false, value: batch.value as B };
        continue;
      }
      if (this.nextOut === this.sent && this.exhausted) return this.finish("done");
      await this.waitForAnswer();
    }
  }

  async return(): Promise<IteratorResult<B>> {
    if (!this.finished) await this.finish("return");
    return { done: true, value: undefined };
  }

  /** Consumes the answer to request `nextOut`; a batch is returned boxed. */
  private accept(r: FromWorker): { value: unknown } | undefined {
    const seq = this.nextOut++;
    if (r.type === "batch") return { value: decodeBatch(r.payload) };
    if (r.type === "end") this.active[this.owner.get(seq)!] = false;
    else if (r.type === "error") this.error ??= new DataLoaderWorkerError(this.workerOf(seq), r.error);
    this.owner.delete(seq);
    return undefined;
  }

  private workerOf(seq: number): number {
    return this.owner.get(seq) ?? seq % this.pool.size;
  }

  /** Tops the in-flight requests up to the plan's limit. */
  private dispatch(): void {
    while (!this.exhausted && this.sent - this.nextOut < this.plan.inFlight) {
      const seq = this.sent;
      if (this.plan.batches) {
        const step = this.plan.batches.next();
        if (step.done) {
          this.exhausted = true;
          break;
        }
        this.pool.post(seq % this.pool.size, { type: "fetch", epoch: this.plan.epoch, seq, indices: step.value });
      } else {
        const w = this.nextActiveWorker();
        if (w < 0) {
          this.exhausted = true;
          break;
        }
        this.owner.set(seq, w);
        this.pool.post(w, { type: "next", epoch: this.plan.epoch, seq });
      }
      this.sent++;
    }
  }

  private nextActiveWorker(): number {
    for (let k = 0; k < this.pool.size; k++) {
      const w = (this.turn + k) % this.pool.size;
      if (this.active[w]) {
        this.turn = w + 1;
        return w;
      }
    }
    return -1;
  }

  private waitForAnswer(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.pool.hold(true);
      const timer =
        this.plan.timeout > 0
          ? setTimeout(() => this.fail(new Error(`DataLoader timed out after ${this.plan.timeout} ms waiting for batch ${this.nextOut} from worker ${this.workerOf(this.nextOut)}`)), this.plan.timeout)
          : null;
      this.wake = () => {
        this.wake = null;
        if (timer) clearTimeout(timer);
        this.pool.hold(false);
        resolve();
      };
    });
  }

  private async finish(reason: FinishReason, error?: Error): Promise<IteratorResult<B>> {
    this.finished = true;
    this.pool.listen(null);
    await this.onFinish(reason);
    if (error) throw error;
    return { done: true, value: undefined };
  }
}
