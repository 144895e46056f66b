// Builds the dashboard: bundles src/pages/*.js and src/style.css with esbuild into
// flashpoint/web/static/build/, and copies the vendored Swagger UI files there (served by the app itself:
// nothing is loaded from a CDN). Run by `make web` (and `make install`) through scripts/build_web.sh.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "flashpoint", "web", "static", "build");
mkdirSync(out, { recursive: true });
const pages = readdirSync(join(here, "src", "pages")).filter(f => f.endsWith(".js")).map(f => join(here, "src", "pages", f));

await build({
  entryPoints: [...pages, join(here, "src", "style.css")],
  outdir: out,
  bundle: true,
  minify: true,
  sourcemap: false,
  entryNames: "[name]",
  format: "iife",
  target: ["chrome100", "firefox100", "safari15"],
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "[name]-[hash]",
  legalComments: "linked",
  logLevel: "info",
});

const swagger = join(here, "node_modules", "swagger-ui-dist");
for (const f of ["swagger-ui-bundle.js", "swagger-ui.css"]) copyFileSync(join(swagger, f), join(out, f));
console.log(`copied Swagger UI (swagger-ui-dist) into ${out}`);
