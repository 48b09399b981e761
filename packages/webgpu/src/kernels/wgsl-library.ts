import { INT64_WGSL } from "./wgsl-int64.js";
import { FLOAT_WGSL } from "./wgsl-float.js";

/**
 * The helper functions, split one per entry, so that a shader carries only
 * those its body calls (and what they call): a device compiles every
 * function it is given, and SwiftShader compiles slowly.
 */
const FUNCTIONS: Map<string, string> = (() => {
  const map = new Map<string, string>();
  for (const library of [FLOAT_WGSL, INT64_WGSL]) {
    // each function starts at a line "fn name(", with the comment lines just above it
    const chunks = library.split(/\n(?=(?:\/\/[^\n]*\n|\/\*\*[^\n]*\*\/\n)*fn )/);
    for (const chunk of chunks) {
      const name = /^fn (\w+)\(/m.exec(chunk)?.[1];
      if (name) map.set(name, chunk.trim());
    }
  }
  return map;
})();

const CALL = /\b([a-z_][a-z0-9_]*)\s*\(/g;

/** The helper functions `code` needs, in an order WGSL accepts (any: module-scope functions may come in any order). */
export function helpersFor(code: string): string {
  const wanted = new Set<string>();
  const visit = (text: string) => {
    for (const [, name] of text.matchAll(CALL)) {
      if (!name || wanted.has(name) || !FUNCTIONS.has(name)) continue;
      wanted.add(name);
      visit(FUNCTIONS.get(name)!);
    }
  };
  visit(code);
  return [...wanted].map((n) => FUNCTIONS.get(n)!).join("\n");
}

/** Every helper's name (for tests). */
export function helperNames(): string[] {
  return [...FUNCTIONS.keys()];
}
