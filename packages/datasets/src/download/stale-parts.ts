import { readdirSync, rmSync } from "node:fs";

/**
 * Removes the temporary files that a killed process left beside `base` in
 * `dir`: `<base>.part-<pid>[-<tag>]` whose process is gone. Files of live
 * processes (a concurrent download) are kept; a process killed with SIGKILL
 * cannot clean up, so the next start does.
 */
export function removeStaleParts(dir: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `${base}.part-`;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isSafeInteger(pid) && pid > 0 && !isAlive(pid)) rmSync(`${dir}/${name}`, { force: true });
  }
}

/** Whether a process with this id exists (EPERM: it does, but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
