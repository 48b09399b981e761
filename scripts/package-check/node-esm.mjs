// Run inside a fresh npm project that installed core and cpu-native from
// their tarballs: the fast backend serves "cpu" and agrees with the reference.
import * as torch from "@taimatsu/core";
import { info } from "@taimatsu/cpu-native";
import assert from "node:assert/strict";

assert.equal(torch.backends.backendFor("cpu").name, "cpu-native");
assert.match(info().addon, /prebuilds/, "the tarball's prebuilt addon is the one in use");
torch.manualSeed(0);
const a = torch.randn([33, 17]);
const b = torch.randn([17, 9]);
const fast = a.matmul(b);
const onReference = torch.backends.withBackend("reference", () => torch.tensor(a.tolist()).matmul(torch.tensor(b.tolist())).tolist());
const reference = torch.tensor(onReference);
assert.ok(torch.allclose(fast, reference, { rtol: 1e-5, atol: 1e-5 }), "cpu-native's matmul agrees with the reference backend");
const bytes = torch.saveToBytes({ w: fast });
assert.ok(torch.equal(torch.loadFromBytes(bytes).w, fast));
console.log(`import: ok (core ${torch.version}, ${info().addon})`);
