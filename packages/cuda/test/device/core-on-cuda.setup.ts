import * as torch from "@taimatsu/core";
import * as cuda from "../../src/index.js";

if (!cuda.isAvailable()) throw new Error(`core-on-cuda: cuda is not available: ${cuda.unavailable()}`);
torch.setDefaultDevice("cuda");
