/** `@taimatsu/core/testing`: the conformance suite every backend runs. */
export {};
