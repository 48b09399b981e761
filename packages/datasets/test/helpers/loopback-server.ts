import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** How the test server answers one path. */
export interface Route {
  /** Bytes to serve, or a file path streamed from disk. */
  body: Uint8Array | { file: string };
  /** Answer the first N requests with this status instead (e.g. 503). */
  failFirst?: { count: number; status: number };
  /** Announce the full length but send only this many bytes, then drop the connection. */
  cutAfter?: number;
}

export interface LoopbackServer {
  /** Base URL ending in "/". */
  url: string;
  /** Requests per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 with an ephemeral port, for download tests. */
export async function serve(routes: Record<string, Route>): Promise<LoopbackServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const route = routes[path];
    if (!route) return void res.writeHead(404).end("not found");
    if (route.failFirst && n <= route.failFirst.count) return void res.writeHead(route.failFirst.status).end("try later");
    const size = route.body instanceof Uint8Array ? route.body.length : statSync(route.body.file).size;
    res.writeHead(200, { "content-length": size, "content-type": "application/octet-stream" });
    if (route.cutAfter !== undefined) {
      const bytes = route.body instanceof Uint8Array ? route.body : new Uint8Array(0);
      res.write(bytes.subarray(0, route.cutAfter), () => res.destroy());
      return;
    }
    if (route.body instanceof Uint8Array) res.end(route.body);
    else createReadStream(route.body.file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port with nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
