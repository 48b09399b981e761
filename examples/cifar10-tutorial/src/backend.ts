/**
 * Uses the fast native CPU backend when it is installed and built; otherwise
 * warns and stays on the reference backend (correct, but much slower).
 */
export async function useFastestBackend(warn: (line: string) => void): Promise<string> {
  // a variable specifier, so the tutorial type-checks and runs without the package
  const nativePackage = "@taimatsu/cpu-native";
  try {
    await import(nativePackage);
    return "cpu-native";
  } catch (e) {
    warn(`warning: ${nativePackage} is not available (${(e as Error).message.split("\n")[0]}); training on the reference backend, which is much slower`);
    return "reference";
  }
}
