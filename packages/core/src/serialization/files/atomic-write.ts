import { nodeFs, nodePath } from "./node-fs.js";

/**
 * Writes a file so that readers see either the old file or the complete new
 * one, never a partial write: the bytes go to a temporary file in the same
 * directory (same file system, so rename is atomic), are fsynced, and the
 * temporary file is renamed over the target. The directory is fsynced too
 * where the platform allows, so the rename itself survives a crash.
 */

function tempPath(path: string, op: string): string {
  const p = nodePath(op);
  const suffix = `${process.pid}.${Math.random().toString(16).slice(2, 10)}`;
  return p.join(p.dirname(path), `.${p.basename(path)}.${suffix}.tmp`);
}

/**
 * Removes temporary files that a killed process (SIGKILL cannot be caught)
 * left beside `path`: `.<name>.<pid>.<hex>.tmp` whose process is gone. Those
 * of live processes, which may be writing right now, are kept.
 */
function removeStaleTemps(path: string, op: string): void {
  const fs = nodeFs(op);
  const p = nodePath(op);
  const prefix = `.${p.basename(path)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(p.dirname(path));
  } catch {
    return; // the write itself reports a missing folder
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(/^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isSafeInteger(pid) && pid > 0 && !processAlive(pid)) fs.rmSync(p.join(p.dirname(path), name), { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

function fail(op: string, path: string, e: unknown): never {
  throw new Error(`${op}: could not write '${path}': ${(e as Error).message}`, { cause: e });
}

export function atomicWriteSync(path: string, chunks: Iterable<Uint8Array>, op: string): void {
  const fs = nodeFs(op);
  removeStaleTemps(path, op);
  const tmp = tempPath(path, op);
  try {
    const fd = fs.openSync(tmp, "wx", 0o644);
    try {
      for (const chunk of chunks) {
        for (let written = 0; written < chunk.length; ) written += fs.writeSync(fd, chunk, written, chunk.length - written);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    fail(op, path, e);
  }
  syncDirectory(path, op);
}

export async function atomicWrite(path: string, chunks: Iterable<Uint8Array>, op: string): Promise<void> {
  const fs = nodeFs(op).promises;
  removeStaleTemps(path, op);
  const tmp = tempPath(path, op);
  try {
    const handle = await fs.open(tmp, "wx", 0o644);
    try {
      for (const chunk of chunks) {
        for (let written = 0; written < chunk.length; ) written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    fail(op, path, e);
  }
  syncDirectory(path, op);
}

/** Best effort: some platforms (Windows) cannot open or fsync a directory. */
function syncDirectory(path: string, op: string): void {
  const fs = nodeFs(op);
  try {
    const fd = fs.openSync(nodePath(op).dirname(path), "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // the data itself is already durable
  }
}
