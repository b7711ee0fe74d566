// The page's modules as one minified ES module. `make build` writes www/app.js from
// www/index.js with it, so the main page fetches one script instead of walking two dozen
// imports level by level (each level a round trip before the next can start); the standalone
// file inlines the same bundle. The modules stay beside it for pages that embed the explorer
// (`<script type="module" src="gradscope.js">`).
//
// Usage: node tests/tools/bundle.mjs [output path]   (after the glue is in www/pkg)

import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../www');

/**
 * `entry` (a file of www/) and everything it imports as the minified source of one ES module,
 * or (`classic`) of one classic script. Every `new URL('./…', import.meta.url)` of the modules
 * then resolves beside the bundle, which is why it is written into www/.
 */
export async function bundle(entry, { plugins = [], classic = false } = {}) {
  const result = await build({
    entryPoints: [path.join(WWW, entry)],
    bundle: true,
    format: classic ? 'iife' : 'esm',
    logOverride: classic ? { 'empty-import-meta': 'silent' } : {},
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    plugins,
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? path.join(WWW, 'app.js'));
  bundle('index.js')
    .then((text) => {
      writeFileSync(out, `// Made by \`make build\` from www/index.js and its imports; edit those, not this.\n${text}`);
      console.log(`wrote ${path.relative(process.cwd(), out)} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
    })
    .catch((e) => { console.error(`bundle: ${e.message}`); process.exit(1); });
}
