import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
// @ts-expect-error: a plain ES module without types
import { startServer } from "./browser/server.mjs";

/**
 * The wasm backend in headless Chromium (Debian's /usr/bin/chromium, or
 * CHROMIUM_PATH): test/browser/index.html loads core, the kernel glue and
 * this package as ES modules, runs three training steps of the tutorial
 * network on wasm and on the reference backend and the conformance suite on
 * "wasm": with worker threads on a cross-origin isolated page (the local
 * server sends COOP/COEP), on one thread on a page without them.
 * CI installs Chromium; elsewhere, without it, these tests are skipped.
 */
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
if (!available && process.env.CI) throw new Error(`Chromium is missing at ${executablePath} (CI installs Debian's chromium)`);

interface PageResult {
  error?: string;
  crossOriginIsolated: boolean;
  backend: string;
  info: Record<string, unknown>;
  training: { wasm: number[]; reference: number[] };
  matmulError: number;
  conformance: { total: number; passed: number; failures: string[] } | null;
}

describe.skipIf(!available)("wasm backend in headless Chromium", () => {
  let browser: Browser;
  type Server = { url: string; close(): Promise<void> };
  let server: Server, plainServer: Server;

  beforeAll(async () => {
    server = await startServer();
    plainServer = await startServer({ isolated: false });
    // headless, with a fresh temporary profile (Playwright makes one per launch)
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await plainServer?.close();
  });

  async function run(query: string, from = server): Promise<PageResult & { console: string[] }> {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on("console", (m) => messages.push(m.text()));
    try {
      await page.goto(`${from.url}wasm/test/browser/index.html?${query}`);
      await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 600_000, polling: 500 });
      return { ...((await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult), console: messages };
    } finally {
      await page.close();
    }
  }

  it("runs the conformance suite on wasm with worker threads and trains the tutorial network like the reference backend", async () => {
    const r = await run("threads=2");
    expect(r.error).toBeUndefined();
    expect(r.crossOriginIsolated).toBe(true);
    expect(r.backend).toBe("wasm");
    expect(r.info).toMatchObject({ ready: true, simd: "wasm-simd128", threaded: true, threads: 2, workers: 1 });
    // the worker ran chunks of the product, which matches the reference backend's
    expect(r.info.workerChunks as number).toBeGreaterThan(0);
    expect(r.matmulError).toBeLessThan(1e-3);
    expect(r.conformance!.failures).toEqual([]);
    expect(r.conformance!.passed).toBe(r.conformance!.total);
    expect(r.conformance!.total).toBeGreaterThan(3000);
    expect(r.training.wasm).toHaveLength(3);
    r.training.wasm.forEach((loss, i) => expect(loss).toBeCloseTo(r.training.reference[i]!, 4));
    expect(r.training.wasm[2]).not.toBe(r.training.wasm[0]);
  }, 900_000);

  it("runs on one thread on a page without cross-origin isolation, and says how to enable threads", async () => {
    const r = await run("threads=2&conformance=0", plainServer);
    expect(r.error).toBeUndefined();
    expect(r.crossOriginIsolated).toBe(false);
    expect(r.info).toMatchObject({ ready: true, threaded: false, threads: 1, workers: 0 });
    expect(r.console.filter((m) => m.includes("Cross-Origin-Opener-Policy: same-origin") && m.includes("Cross-Origin-Embedder-Policy: require-corp"))).toHaveLength(1);
    r.training.wasm.forEach((loss, i) => expect(loss).toBeCloseTo(r.training.reference[i]!, 4));
  }, 300_000);
});
