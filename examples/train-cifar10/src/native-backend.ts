/**
 * Training on the reference backend is correct but orders of magnitude
 * slower, so the native CPU backend is used whenever it is installed and
 * built; without it the program still runs, after a warning.
 */

// A variable specifier keeps TypeScript from needing the package (and its native build) to compile this one.
const NATIVE_PACKAGE = "@taimatsu/cpu-native";

/** Imports the native backend, which makes itself the "cpu" default; returns the backend in use. */
export async function useNativeBackend(warn: (line: string) => void): Promise<string> {
  try {
    await import(NATIVE_PACKAGE);
    return "cpu-native";
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    warn(`warning: ${NATIVE_PACKAGE} is unavailable (${reason}); training on the reference backend, which is much slower. Build it with: pnpm --filter ${NATIVE_PACKAGE} build`);
    return "reference";
  }
}
