/**
 * A lock file beside a cache entry so that processes sharing a cache download
 * each file once: the first creates `<file>.lock` with O_EXCL, the others wait
 * until it is gone. The lock only saves bandwidth; correctness does not rest
 * on it, since every download goes to a temporary file of its own that is
 * verified and then renamed into place, and rename is atomic. So a lock
 * wrongly judged stale costs at most a second download, never a torn file.
 *
 * A lock is stale when the process that wrote it is gone (same host), or when
 * its time stamp has not moved for `staleMs`: the holder refreshes it while it
 * works, so a slow download is not mistaken for a dead one.
 */
import { open, readFile, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";

export interface DownloadLockOptions {
  /** How long a lock may go without being refreshed before others take it over. Default 60 s. */
  staleMs?: number;
  /** How often waiters look again. Default 200 ms. */
  pollMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
}

/**
 * Runs `work` while holding the lock for `target`. `isDone` is asked before
 * each attempt: once it says the target exists (another process finished it)
 * `work` is skipped.
 */
export async function withDownloadLock(target: string, isDone: () => Promise<boolean>, work: () => Promise<void>, options: DownloadLockOptions = {}): Promise<void> {
  const staleMs = options.staleMs ?? 60_000;
  const pollMs = options.pollMs ?? 200;
  const lockPath = `${target}.lock`;
  for (;;) {
    if (await isDone()) return;
    const release = await tryAcquire(lockPath, staleMs);
    if (release) {
      try {
        // the previous holder may have finished between our check and the acquisition
        if (!(await isDone())) await work();
      } finally {
        await release();
      }
      return;
    }
    if (await isStale(lockPath, staleMs)) await removeStaleLock(lockPath);
    else await sleep(pollMs);
  }
}

/** Creates the lock file, or returns undefined when someone else holds it. */
async function tryAcquire(lockPath: string, staleMs: number): Promise<(() => Promise<void>) | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(lockPath, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw new Error(`${lockPath}: cannot create the download lock (${(error as Error).message}); check that the cache directory is writable or choose another with TAIMATSU_HOME`, { cause: error });
  }
  const owner: LockOwner = { pid: process.pid, host: hostname() };
  await handle.writeFile(JSON.stringify(owner));
  await handle.close();
  const heartbeat = setInterval(() => void touch(lockPath), Math.max(10, Math.floor(staleMs / 3)));
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    await unlink(lockPath).catch(() => undefined);
  };
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  const owner = await readOwner(lockPath);
  if (owner && owner.host === hostname() && !isAlive(owner.pid)) return true;
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > staleMs;
  } catch {
    return false; // released meanwhile: the next attempt takes it
  }
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(lockPath, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.host === "string" ? (owner as LockOwner) : undefined;
  } catch {
    return undefined; // missing, or its owner has not written it yet
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function removeStaleLock(lockPath: string): Promise<void> {
  await unlink(lockPath).catch(() => undefined);
}

async function touch(lockPath: string): Promise<void> {
  const now = new Date();
  await utimes(lockPath, now, now).catch(() => undefined);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
