import { describe, expect, it } from "vitest";
import { registerQueuedBackend, runConformance } from "../src/testing/index.js";

// Every op, forward and backward, on a backend that queues its kernels and reads only asynchronously.
registerQueuedBackend({ name: "queued-conformance", deviceType: "queued-conformance" });
runConformance({ backend: "queued-conformance", test: { describe, it, expect } });
