import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { AttemptError, classifyNetworkError } from "./download-error.js";
import type { Progress } from "./progress.js";
import type { Source } from "./source.js";

/**
 * Writes a download to `path`, hashing as it goes. A body shorter than the
 * announced length is a (transient) failure, never a finished file.
 */
export async function saveStream(source: Source, path: string, progress: Progress): Promise<{ bytes: number; md5: string }> {
  const hash = createHash("md5");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      hash.update(chunk);
      progress.update(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source.body, meter, createWriteStream(path));
  } catch (e) {
    throw classifyNetworkError(e);
  }
  if (source.total !== null && bytes !== source.total) {
    throw new AttemptError(`connection closed after ${bytes} of ${source.total} bytes`, "transient");
  }
  progress.done();
  return { bytes, md5: hash.digest("hex") };
}
