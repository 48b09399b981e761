/**
 * The two text encodings of protocol 0 pickles: STRING operands are Python
 * string literals (`codecs.escape_decode`), UNICODE operands are
 * `raw-unicode-escape` (Latin-1 with `\uXXXX` / `\UXXXXXXXX` escapes).
 */
import { UnpicklingError } from "./error.js";

const SIMPLE_ESCAPES: Record<string, number> = {
  "\\": 0x5c, "'": 0x27, '"': 0x22, a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b,
};

const isOctal = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x37;

/** The bytes a Python bytes literal's body (without quotes) stands for. */
export function decodeEscapedString(raw: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== 0x5c || i + 1 >= raw.length) {
      out.push(c);
      continue;
    }
    const next = String.fromCharCode(raw[++i]!);
    if (next in SIMPLE_ESCAPES) out.push(SIMPLE_ESCAPES[next]!);
    else if (next === "\n") continue; // a backslash-newline continues the line
    else if (next === "x") {
      const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new UnpicklingError("invalid \\x escape in a pickled STRING; the data is corrupt");
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (isOctal(raw[i])) {
      let digits = next;
      while (digits.length < 3 && isOctal(raw[i + 1])) digits += String.fromCharCode(raw[++i]!);
      out.push(parseInt(digits, 8) & 0xff);
    } else out.push(0x5c, raw[i]!); // unknown escapes stay as written, as in Python
  }
  return Uint8Array.from(out);
}

/** Latin-1 text in which only `\u` and `\U` escapes are special. */
export function decodeRawUnicodeEscape(raw: Uint8Array): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const width = c === 0x5c ? (raw[i + 1] === 0x75 ? 4 : raw[i + 1] === 0x55 ? 8 : 0) : 0;
    if (width === 0) {
      out += String.fromCharCode(c);
      continue;
    }
    const hex = String.fromCharCode(...raw.subarray(i + 2, i + 2 + width));
    const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
    if (!(code <= 0x10ffff)) throw new UnpicklingError(`invalid \\${width === 4 ? "u" : "U"}${hex} escape in a pickled UNICODE string; the data is corrupt`);
    out += String.fromCodePoint(code);
    i += 1 + width;
  }
  return out;
}
