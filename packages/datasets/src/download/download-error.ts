/**
 * Why one attempt at a URL failed. `transient` failures (5xx, 408, 429,
 * connection resets, timeouts, a body cut short) are retried with backoff;
 * `unreachable` ones (refused, no route, unknown host) mean this source is
 * down or the machine is offline, and the next source is tried.
 */
export class AttemptError extends Error {
  override name = "AttemptError";
  constructor(
    message: string,
    readonly kind: "transient" | "unreachable" | "permanent",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const TRANSIENT_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ECONNABORTED", "ESOCKETTIMEDOUT", "ERR_STREAM_PREMATURE_CLOSE", "UND_ERR_SOCKET"]);
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN"]);

/** Classifies a network error from node:http by its code. */
export function classifyNetworkError(e: unknown): AttemptError {
  if (e instanceof AttemptError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? "";
  const kind = TRANSIENT_CODES.has(code) || /socket hang up|aborted/i.test(err.message) ? "transient" : UNREACHABLE_CODES.has(code) ? "unreachable" : "permanent";
  return new AttemptError(err.message, kind, { cause: e });
}

/** Classifies an HTTP status other than 200. */
export function statusError(status: number, text: string | undefined): AttemptError {
  const transient = status >= 500 || status === 408 || status === 429;
  return new AttemptError(`HTTP ${status}${text ? ` ${text}` : ""}`, transient ? "transient" : "permanent");
}

/** All sources failed: lists each one and says what to do. */
export class DownloadError extends Error {
  override name = "DownloadError";
  constructor(
    message: string,
    readonly attempts: readonly { url: string; error: Error }[],
  ) {
    super(message);
  }
}
