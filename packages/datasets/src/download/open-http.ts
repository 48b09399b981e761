import http from "node:http";
import https from "node:https";
import { AttemptError, classifyNetworkError, statusError } from "./download-error.js";
import type { Source } from "./source.js";

export interface HttpOptions {
  /** Give up on a silent connection after this many milliseconds (default 30 s). */
  timeoutMs?: number;
}

const MAX_REDIRECTS = 5;

/** GETs `url`, following redirects; resolves once a 200 response starts. */
export function openHttp(url: string, options: HttpOptions = {}, redirects = 0): Promise<Source> {
  const client = url.startsWith("https:") ? https : http;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise<Source>((resolve, reject) => {
    const req = client.get(url, { headers: { "user-agent": "taimatsu-datasets" } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return reject(new AttemptError(`too many redirects (more than ${MAX_REDIRECTS})`, "permanent"));
        return resolve(openHttp(new URL(res.headers.location, url).href, options, redirects + 1));
      }
      if (status !== 200) {
        res.resume();
        return reject(statusError(status, res.statusMessage));
      }
      res.setTimeout(timeoutMs, () => res.destroy(Object.assign(new Error(`no data for ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
      const length = Number(res.headers["content-length"]);
      resolve({ body: res, total: Number.isFinite(length) && length >= 0 ? length : null });
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no response for ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", (e) => reject(classifyNetworkError(e)));
  });
}
