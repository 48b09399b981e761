import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ptxDir = join(dirname(fileURLToPath(import.meta.url)), "..", "kernels", "ptx");

/** One kernel parameter as the PTX entry declares it. */
export interface PtxParam {
  offset: number;
  bytes: number;
  align: number;
}

/** The parameter layout of `kernel` in `module`'s committed PTX: each at its declared alignment, in order. */
export function ptxSignature(module: string, kernel: string): { params: PtxParam[]; size: number } {
  const ptx = readFileSync(join(ptxDir, `${module}.ptx`), "utf8");
  const start = ptx.indexOf(`.entry ${kernel}(`);
  if (start < 0) throw new Error(`${kernel} is not an entry of ${module}.ptx`);
  const list = ptx.slice(start, ptx.indexOf(")", start));
  const params: PtxParam[] = [];
  let at = 0;
  for (const m of list.matchAll(/\.param\s+(?:\.align\s+(\d+)\s+)?\.(\w)(\d+)\s+\w+(?:\[(\d+)\])?/g)) {
    const elem = Number(m[3]) / 8;
    const bytes = m[4] ? elem * Number(m[4]) : elem;
    const align = m[1] ? Number(m[1]) : elem;
    at = Math.ceil(at / align) * align;
    params.push({ offset: at, bytes, align });
    at += bytes;
  }
  return { params, size: at };
}
