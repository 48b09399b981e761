import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without types
import { startServer } from "./browser/server.mjs";

/**
 * The webgpu backend in headless Chromium on SwiftShader (Debian's
 * /usr/bin/chromium, or CHROMIUM_PATH): test/browser/index.html loads core
 * and this package as ES modules, runs the conformance suite on "webgpu" and
 * three training steps of the tutorial network on webgpu and on the reference backend.
 * CI installs Chromium; elsewhere, without it, these tests are skipped.
 */
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
if (!available && process.env.CI) throw new Error(`Chromium is missing at ${executablePath} (CI installs Debian's chromium)`);

interface Conformance {
  total: number;
  run: number;
  passed: number;
  failures: string[];
  skipped: number;
}

interface PageResult {
  error?: string;
  info: Record<string, unknown>;
  smoke: number[];
  training: { webgpu: number[]; reference: number[] };
  larger: { maxError: Record<string, number>; indexError: string | null };
  conformance: Conformance | null;
}

describe.skipIf(!available)("webgpu backend in headless Chromium (SwiftShader)", () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        "--no-sandbox",
        "--enable-unsafe-webgpu",
        "--enable-features=Vulkan",
        "--use-webgpu-adapter=swiftshader",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function run(query: string): Promise<PageResult> {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}webgpu/test/browser/index.html?${query}`);
      await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 600_000, polling: 500 });
      return (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult;
    } finally {
      await page.close();
    }
  }

  it("runs the conformance suite on webgpu", async () => {
    const r = await run("");
    expect(r.error).toBeUndefined();
    expect(r.info).toMatchObject({ initialized: true, architecture: "swiftshader" });
    // [[1, -2, 3], [4, 5, -6]].abs().add(1).sum(1)
    expect(r.smoke).toEqual([9, 18]);
    // past one workgroup: relative errors against the reference backend, and a deferred index error
    for (const [name, error] of Object.entries(r.larger.maxError)) expect(error, name).toBeLessThan(1e-4);
    expect(r.larger.indexError).toBe("RangeError: gather: index 7 is out of bounds for dimension 0 with size 3");
    const c = r.conformance!;
    expect(c.failures).toEqual([]);
    expect(c.passed).toBe(c.run);
    expect(c.passed).toBeGreaterThan(2400);
    // ops that need float64 or a half type (casts, dtype options), and those that read back synchronously
    expect(c.skipped).toBeGreaterThan(0);
    // three SGD steps of the tutorial network from the same weights and batches
    expect(r.training.webgpu).toHaveLength(3);
    r.training.webgpu.forEach((loss, i) => expect(loss).toBeCloseTo(r.training.reference[i]!, 4));
    expect(r.training.webgpu[2]).not.toBe(r.training.webgpu[0]);
  }, 900_000);
});
