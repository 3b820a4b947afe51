// Builds src/index.js into ../../static/map-canvas.<hash>.js: one minified ES module with only the
// deck.gl modules the map draws with. Run `npm ci && node build.mjs` here (see README.md); the output
// is committed, so `make run` needs no Node. tests/frontend/test_map_canvas_bundle.py checks that the
// committed bundle is what this script builds from this lockfile.
import {createHash} from "node:crypto";
import {readFileSync, readdirSync, unlinkSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {build} from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, "..", "..", "static");

const result = await build({
  entryPoints: [join(here, "src", "index.js")],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  legalComments: "eof",
  write: false,
  logLevel: "warning",
});
const body = result.outputFiles[0].contents;
const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
for (const name of readdirSync(out)) {
  if (/^map-canvas\.[0-9a-f]{12}\.js$/.test(name)) unlinkSync(join(out, name));
}
const file = join(out, `map-canvas.${hash}.js`);
writeFileSync(file, body);
console.log(`wrote ${file} (${body.length.toLocaleString("en-US")} bytes)`);
