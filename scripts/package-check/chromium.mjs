// Runs an ES module bundle in Debian's headless Chromium (no browser download)
// and returns what it stored in globalThis.__result.
import { chromium } from "playwright-core";

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function runInChromium(bundle, userDataDir, { timeoutMs = 180_000 } = {}) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.setContent("<!doctype html><title>taimatsu package check</title>");
    await page.addScriptTag({ type: "module", content: bundle });
    await page.waitForFunction(() => globalThis.__result !== undefined, undefined, { timeout: timeoutMs });
    const result = await page.evaluate(() => globalThis.__result);
    if (errors.length > 0 && !result.error) result.error = errors.join("\n");
    return result;
  } finally {
    await context.close();
  }
}
