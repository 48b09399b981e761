/**
 * Two copies of core in one program (say a backend package that installed its
 * own) keep two backend registries: the backend registers into its copy and
 * the program's tensors run on the other one's reference backend, correct but
 * many times slower. Each copy announces itself under a global key, and the
 * second one to load says so.
 */
import { version } from "./version.js";

const KEY = Symbol.for("@taimatsu/core");

interface LoadedCopy {
  version: string;
  url: string;
}

export function announceCopy(self: LoadedCopy): void {
  const registry = globalThis as unknown as Record<symbol, LoadedCopy | undefined>;
  const first = registry[KEY];
  if (first === undefined) {
    registry[KEY] = self;
    return;
  }
  // the same file evaluated again (a test runner or hot reload) is no second copy
  if (first.url === self.url && first.version === self.version) return;
  console.warn(
    `@taimatsu/core: two copies are loaded, ${first.version} from ${first.url} and ${self.version} from ${self.url}. ` +
      "Backends register into the copy they import, so tensors of the other copy do not use them. " +
      "Install @taimatsu/core once (its backends and libraries take it as a peer dependency); " +
      "`npm ls @taimatsu/core` shows where the copies come from.",
  );
}

announceCopy({ version, url: import.meta.url });
