// `make build`: the served page's scripts as two bundles beside its modules, made by esbuild
// from www/'s sources (which stay as they are, for pages that embed the element by importing
// www/gradscope.js):
//
//   www/index.bundle.js        index.js and everything it imports, the wasm-bindgen glue too;
//   www/jobs-worker.bundle.js  the job pool's worker (jobs-worker.js, its glue and jobs.js).
//
// www/index.html loads the first; in it, job-pool.js starts the second. Served as modules, the
// page fetched 28 scripts (≈ 70 KB gzip); bundled and minified it fetches two (≈ 38 KB), and
// its time to interactive is shorter by what the browser spent fetching and compiling modules.
// Both bundles sit in www/ itself, so that every `new URL('./…', import.meta.url)` in them
// (the wasm module, explorer.css, the worker, the page's own address) resolves as it does in
// the module it came from. Each has a source map beside it, which only developer tools fetch.
//
// Usage: node tests/tools/bundle.mjs   (after wasm-bindgen has written www/pkg)

import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');

/** The page's script and the worker's: [entry module, bundle], both relative to www/. */
export const SERVED = { page: ['index.js', 'index.bundle.js'], worker: ['jobs-worker.js', 'jobs-worker.bundle.js'] };

/** esbuild's options for a minified bundle of `entry` (relative to www/), shared with the standalone file. */
export function bundleOptions(entry, { plugins = [], classic = false } = {}) {
  return {
    entryPoints: [path.join(WWW, entry)],
    bundle: true,
    format: classic ? 'iife' : 'esm',
    // A classic script has no import.meta; the standalone file's worker never needs the glue's
    // default address (it is handed the compiled module).
    logOverride: classic ? { 'empty-import-meta': 'silent' } : {},
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    plugins,
  };
}

/**
 * esbuild plugin: in job-pool.js, the worker's address names the worker's bundle instead of
 * its module. Throws unless the address is there exactly once, so a renamed worker cannot
 * leave the bundled page starting the unbundled worker unnoticed.
 */
export const workerBundle = {
  name: 'gradscope-worker-bundle',
  setup(b) {
    const pool = path.join(WWW, 'job-pool.js');
    b.onLoad({ filter: /job-pool\.js$/ }, (args) => {
      if (args.path !== pool) return undefined;
      const from = `'./${SERVED.worker[0]}'`;
      const text = readFileSync(pool, 'utf8');
      const parts = text.split(from);
      if (parts.length !== 2) throw new Error(`www/job-pool.js: expected ${from} once, found it ${parts.length - 1} times`);
      return { contents: parts.join(`'./${SERVED.worker[1]}'`), loader: 'js' };
    });
  },
};

/**
 * The two served bundles and their source maps as esbuild makes them from www/'s sources now:
 * { [path relative to www/]: text }.
 */
export async function servedBundles() {
  const out = {};
  for (const [entry, file, plugins] of [[...SERVED.page, [workerBundle]], [...SERVED.worker, []]]) {
    const result = await build({
      ...bundleOptions(entry, { plugins }), outfile: path.join(WWW, file), sourcemap: 'linked', write: false,
    });
    for (const f of result.outputFiles) out[path.relative(WWW, f.path)] = f.text;
  }
  return out;
}

async function main() {
  const files = await servedBundles();
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(WWW, file), text);
  console.log(`wrote ${Object.keys(files).map((f) => `www/${f}`).join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(`bundle: ${e.message}`); process.exit(1); });
}
