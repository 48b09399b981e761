import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { AttemptError } from "./download-error.js";
import type { Source } from "./source.js";

/** Opens a file:// URL (a local or mounted mirror) like a download. */
export async function openFileUrl(url: string): Promise<Source> {
  const path = fileURLToPath(url);
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AttemptError(`${path} is not a file`, "permanent");
    return { body: createReadStream(path), total: info.size };
  } catch (e) {
    if (e instanceof AttemptError) throw e;
    throw new AttemptError((e as Error).message, "permanent", { cause: e });
  }
}
