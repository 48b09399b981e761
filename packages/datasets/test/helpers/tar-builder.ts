import { gzipSync } from "node:zlib";

/** Builds small tar(.gz) archives for tests: ustar headers, pax records for long names. */
export interface TarFile {
  path: string;
  data?: Uint8Array | string;
  type?: "file" | "directory" | "symlink" | "hardlink";
  /** What a link points to. */
  link?: string;
}

function header(name: string, size: number, type: string, link = ""): Uint8Array {
  const h = new Uint8Array(512);
  const put = (text: string, at: number) => h.set(new TextEncoder().encode(text), at);
  put(name.slice(0, 99), 0);
  put("0000644\0", 100);
  put("0000000\0", 108);
  put("0000000\0", 116);
  put(`${size.toString(8).padStart(11, "0")}\0`, 124);
  put("00000000000\0", 136);
  put(type, 156);
  put(link.slice(0, 99), 157);
  put("ustar\0", 257);
  put("00", 263);
  put("        ", 148);
  const sum = h.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

function padded(data: Uint8Array): Uint8Array[] {
  const pad = (512 - (data.length % 512)) % 512;
  return [data, new Uint8Array(pad)];
}

export function tar(files: readonly TarFile[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of files) {
    const data = typeof f.data === "string" ? new TextEncoder().encode(f.data) : (f.data ?? new Uint8Array(0));
    if (f.path.length > 99) {
      const record = (len: number) => `${len} path=${f.path}\n`;
      let len = record(0).length;
      while (record(len).length !== len) len = record(len).length;
      const pax = new TextEncoder().encode(record(len));
      parts.push(header("PaxHeader", pax.length, "x"), ...padded(pax));
    }
    const type = { directory: "5", symlink: "2", hardlink: "1", file: "0" }[f.type ?? "file"];
    const hasData = type === "0";
    parts.push(header(f.path, hasData ? data.length : 0, type, f.link), ...(hasData ? padded(data) : []));
  }
  parts.push(new Uint8Array(1024));
  return new Uint8Array(Buffer.concat(parts));
}

export function tarGz(files: readonly TarFile[]): Uint8Array {
  return new Uint8Array(gzipSync(tar(files)));
}
