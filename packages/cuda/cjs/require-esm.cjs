// Reached only by require() on a Node.js that cannot require ES modules
// (newer versions take the "module-sync" export, the ES module itself).
const { name } = require("../package.json");
throw new Error(
  `${name} is an ES module, and require() of ES modules needs Node.js 20.19+ or 22.12+ without --no-experimental-require-module (this is ${process.version}). ` +
    `Upgrade Node.js, or load it with \`await import("${name}")\`.`,
);
