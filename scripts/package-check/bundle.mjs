// Bundles an entry for the browser; any import of a Node built-in anywhere in
// the graph (static or a literal dynamic import) fails the bundle, naming the importer.
import { builtinModules } from "node:module";
import { build } from "esbuild";

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const noNodeBuiltins = {
  name: "no-node-builtins",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (!BUILTINS.has(args.path) && !args.path.startsWith("node:")) return undefined;
      return { errors: [{ text: `${args.importer} imports the Node built-in '${args.path}', which a browser does not have` }] };
    });
  },
};

/** Writes the browser bundle of `entry` to `outfile` and returns its text. */
export async function bundleForBrowser(entry, outfile) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "warning",
    plugins: [noNodeBuiltins],
  });
  const text = result.outputFiles[0].text;
  console.log(`browser bundle: ${(text.length / 1024).toFixed(0)} KiB, no Node built-in`);
  return text;
}
