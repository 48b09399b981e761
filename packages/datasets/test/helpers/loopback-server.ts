/**
 * An HTTP server on 127.0.0.1 (ephemeral port) serving files by name, for
 * the download tests here and, reached through the mirror variables, those
 * of @taimatsu/models and the CIFAR-10 tutorial.
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** How the test server answers one file name. */
export interface Route {
  /** Bytes to serve, or a file path streamed from disk. */
  body: Uint8Array | { file: string };
  /** Answer the first N requests with this status instead (e.g. 503). */
  failFirst?: { count: number; status: number };
  /** Announce the full length but send only this many bytes, then drop the connection. */
  cutAfter?: number;
  /** Send the body in `chunks` pieces, `delayMs` apart, so that clients overlap. */
  throttle?: { chunks: number; delayMs: number };
}

export interface LoopbackServer {
  /** Base URL ending in "/"; a file is at `${url}${name}`. */
  url: string;
  /** Requests per file name, failed ones included. */
  hits: Map<string, number>;
  routes: Record<string, Route>;
  close(): Promise<void>;
}

/** Serves `routes` (keyed by file name, without a leading "/") until closed. */
export async function serve(routes: Record<string, Route>): Promise<LoopbackServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname).replace(/^\//, "");
    const n = (hits.get(name) ?? 0) + 1;
    hits.set(name, n);
    const route = routes[name];
    if (!route) return void res.writeHead(404).end("not found");
    if (route.failFirst && n <= route.failFirst.count) return void res.writeHead(route.failFirst.status).end("try again later");
    const size = route.body instanceof Uint8Array ? route.body.length : statSync(route.body.file).size;
    res.writeHead(200, { "content-length": size, "content-type": "application/octet-stream" });
    if (route.cutAfter !== undefined) return void res.write(bytesOf(route.body).subarray(0, route.cutAfter), () => res.destroy());
    if (route.throttle) return void sendSlowly(res, bytesOf(route.body), route.throttle);
    if (route.body instanceof Uint8Array) res.end(route.body);
    else createReadStream(route.body.file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function bytesOf(body: Route["body"]): Uint8Array {
  return body instanceof Uint8Array ? body : new Uint8Array(readFileSync(body.file));
}

function sendSlowly(res: http.ServerResponse, bytes: Uint8Array, throttle: { chunks: number; delayMs: number }): void {
  const step = Math.ceil(bytes.length / throttle.chunks);
  let at = 0;
  const next = () => {
    if (res.destroyed) return;
    const end = Math.min(at + step, bytes.length);
    res.write(bytes.subarray(at, end));
    at = end;
    if (at < bytes.length) setTimeout(next, throttle.delayMs);
    else res.end();
  };
  next();
}

/** A loopback port with nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
