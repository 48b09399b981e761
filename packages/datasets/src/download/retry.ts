import { AttemptError } from "./download-error.js";

export interface RetryOptions {
  /** Further attempts after a transient failure (default 3). */
  retries?: number;
  /** First wait in milliseconds, doubled each time, with jitter (default 1000). */
  retryDelayMs?: number;
}

/** Runs `attempt`, retrying transient failures with exponential backoff. */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions, onRetry: (error: AttemptError, waitMs: number, next: number) => void): Promise<T> {
  const retries = options.retries ?? 3;
  const base = options.retryDelayMs ?? 1000;
  for (let k = 0; ; k++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof AttemptError) || e.kind !== "transient" || k >= retries) throw e;
      const wait = base * 2 ** k * (0.75 + Math.random() * 0.5);
      onRetry(e, wait, k + 2);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
