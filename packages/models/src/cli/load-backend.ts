/**
 * The fast CPU backend when it is installed and built; evaluation still works
 * without it, on the reference backend, only slower.
 */

// A variable keeps TypeScript from requiring the package (and its native build) to compile this one.
const FAST_BACKEND = "@taimatsu/cpu-native";

/** Imports the fast backend, which registers itself for "cpu"; returns the backend in use. */
export async function loadFastBackend(warn: (line: string) => void): Promise<string> {
  try {
    await import(FAST_BACKEND);
    return "cpu-native";
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    warn(`warning: ${FAST_BACKEND} is unavailable (${reason}); using the reference backend, which is much slower. Build it with: pnpm --filter ${FAST_BACKEND} build`);
    return "reference";
  }
}
