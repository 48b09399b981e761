/**
 * Where the hub keeps what it downloads, `torch.hub.get_dir()` /
 * `set_dir()`: `$TAIMATSU_HOME/hub`, with `TAIMATSU_HOME` defaulting to
 * `$XDG_CACHE_HOME/taimatsu` or `~/.cache/taimatsu`. The environment is read
 * on every call so that a program (or a test) can change it at run time.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

let chosenDir: string | undefined;

/** The hub directory: the one given to `setDir`, else `$TAIMATSU_HOME/hub`. */
export function getDir(): string {
  return chosenDir ?? join(taimatsuHome(), "hub");
}

/**
 * Makes `dir` the hub directory for this process (it takes precedence over
 * `TAIMATSU_HOME`); `null` goes back to the environment's choice.
 */
export function setDir(dir: string | null): void {
  chosenDir = dir === null ? undefined : resolve(expandHome(dir));
}

/** Where `loadStateDictFromUrl` caches weights unless given a `modelDir`. */
export function checkpointsDir(): string {
  return join(getDir(), "checkpoints");
}

function taimatsuHome(): string {
  const home = process.env.TAIMATSU_HOME;
  if (home) return resolve(expandHome(home));
  const xdgCache = process.env.XDG_CACHE_HOME;
  return join(xdgCache ? resolve(expandHome(xdgCache)) : join(homedir(), ".cache"), "taimatsu");
}

/** Shells expand `~` but a value set from a program or a .env file keeps it. */
function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}
