import { describe, expect, it } from "vitest";
import { ChecksumError, DownloadError } from "@taimatsu/datasets/download";
import { forCommandLine } from "../src/cli-errors.js";

describe("errors in the tutorial's words", () => {
  it("a checksum mismatch names the --md5 flag with the file's sum, not the API option", () => {
    const e = new ChecksumError("cifar-10-binary.tar.gz", "c32a1d4a", "0123abcd", 'pass md5: "0123abcd" (or md5: null to skip the check).');
    const text = forCommandLine(e);
    expect(text).toContain("run again with --md5 0123abcd");
    expect(text).toContain("expected c32a1d4a, actual 0123abcd");
    expect(text).not.toContain("md5:");
  });

  it("a failed download names the --mirror flag", () => {
    const e = new DownloadError("Could not download x:\n  http://h/x: ECONNREFUSED\nuse a mirror: set TAIMATSU_DATASETS_MIRROR, or pass the mirror option, or put the file there.", []);
    expect(forCommandLine(e)).toContain("or run again with --mirror URL, or put");
  });
});
