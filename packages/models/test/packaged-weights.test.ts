import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import * as models from "../src/index.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const projectEntries = () => models.listWeights().map((n) => models.getWeight(n)).filter((w) => w.url.startsWith(models.PROJECT_WEIGHTS_BASE_URL));

describe("the project's weights ship in the package", () => {
  const saved = { mirror: process.env.TAIMATSU_HUB_MIRROR, home: process.env.TAIMATSU_HOME };
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "taimatsu-home-"));
    delete process.env.TAIMATSU_HUB_MIRROR;
    process.env.TAIMATSU_HOME = home;
    models.hub.setDir(join(home, "hub"));
  });
  afterAll(() => {
    for (const [k, v] of [["TAIMATSU_HUB_MIRROR", saved.mirror], ["TAIMATSU_HOME", saved.home]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it("every project entry is a file in the package's weights/ folder, listed in files, with the registered size and sha256", () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { files: string[] };
    expect(pkg.files).toContain("weights");
    const entries = projectEntries();
    expect(entries.map((w) => w.fullName).sort()).toEqual(["Net_Weights.CIFAR10_V1", "ResNet20_Weights.CIFAR10_V1"]);
    for (const w of entries) {
      const bytes = readFileSync(fileURLToPath(w.url));
      expect(bytes.length).toBe(w.fileSize);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(w.sha256);
    }
  });

  it("DEFAULT weights load with no network and no copy in the cache", async () => {
    const model = await models.getModel("net", { weights: "DEFAULT" });
    const file = torch.loadSafetensors(fileURLToPath(models.getWeight("Net_Weights.DEFAULT").url)).tensors;
    expect(torch.equal(model.stateDict()["conv1.weight"]!, file["conv1.weight"]!)).toBe(true);
    expect(readdirSync(home, { recursive: true }).filter((p) => String(p).endsWith(".safetensors"))).toEqual([]);
  });
});
