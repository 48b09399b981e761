import type { Readable } from "node:stream";

/** An opened download: the body and its length when the source says. */
export interface Source {
  body: Readable;
  total: number | null;
}
