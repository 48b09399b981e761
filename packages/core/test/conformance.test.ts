import { describe, expect, it } from "vitest";
import "../src/index.js";
import { runConformance } from "../src/testing/index.js";

// The reference backend checks itself: against float64, finite differences and contiguous copies.
runConformance({ backend: "reference", test: { describe, it, expect } });
