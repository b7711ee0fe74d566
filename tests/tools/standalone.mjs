// `make standalone`: dist/gradscope.html, the main page as one file that works opened from disk
// with no network. esbuild bundles the page's modules and the wasm-bindgen glue into one inline
// module script; the wasm module rides inside it as base64, explorer.css as text and the race's
// and sweep's worker (www/jobs-worker.js with the glue, bundled on its own) as the source text
// of a blob: worker (the bundled stand-in for www/embedded.js); style.css becomes an inline
// <style>. A Content-Security-Policy allows exactly that one script and that one style by their
// SHA-256 hashes, wasm compilation, blob: workers and data:/blob: images; nothing may be fetched.
//
// Usage: node tests/tools/standalone.mjs [output path]   (after `make build`)

import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = path.join(ROOT, 'www');
const WASM = path.join(WWW, 'pkg', 'gradscope_web_bg.wasm');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist', 'gradscope.html'));

/** The policy of the standalone file, given the hashes of its script and its style. */
export function policy(scriptHash, styleHash) {
  return [
    "default-src 'none'",
    `script-src '${scriptHash}' 'wasm-unsafe-eval'`,
    `style-src '${styleHash}'`,
    'worker-src blob:',
    'img-src data: blob:',
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The CSP source expression of an inline element whose text is `text`. */
function sha256(text) {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/**
 * The module that replaces www/embedded.js in the bundle: the wasm bytes, explorer.css and the
 * worker's bundled source.
 */
function embeddedModule(worker) {
  const wasm = readFileSync(WASM).toString('base64');
  const css = readFileSync(path.join(WWW, 'explorer.css'), 'utf8');
  return `const base64 = ${JSON.stringify(wasm)};
function decode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
export const embedded = { wasm: decode(base64), css: ${JSON.stringify(css)}, worker: ${JSON.stringify(worker)} };
`;
}

/** esbuild plugin: www/embedded.js (and only it) resolves to embeddedModule(worker). */
const embed = (worker) => ({
  name: 'gradscope-embed',
  setup(b) {
    b.onResolve({ filter: /^\.\/embedded\.js$/ }, (args) => (
      path.resolve(args.resolveDir, args.path) === path.join(WWW, 'embedded.js')
        ? { path: 'embedded.js', namespace: 'gradscope-embed' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'gradscope-embed' }, () => ({
      contents: embeddedModule(worker), loader: 'js', resolveDir: WWW,
    }));
  },
});

/**
 * `entry` and everything it imports as the minified source of one ES module, or (`classic`)
 * of one classic script: the worker's, since a page opened from disk may not start a module
 * worker from a blob:. The glue's `import.meta.url` (where to fetch the wasm from) is then
 * empty; the worker never fetches, it is handed the compiled module.
 */
async function bundle(entry, { plugins = [], classic = false } = {}) {
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

/** Inline text must not close its element early or open an HTML comment inside it. */
function checkInline(text, tag) {
  const bad = new RegExp(`</${tag}|<!--`, 'i').exec(text);
  if (bad) throw new Error(`the inline <${tag}> would contain ${JSON.stringify(bad[0])}`);
  if (text.includes('\r')) throw new Error(`the inline <${tag}> contains a CR (its hash would not match)`);
}

/** `html` with the one occurrence of `from` replaced by `to` (literally); throws otherwise. */
function replaceOnce(html, from, to) {
  const parts = html.split(from);
  if (parts.length !== 2) {
    throw new Error(`www/index.html: expected ${JSON.stringify(from)} once, found it ${parts.length - 1} times`);
  }
  return parts.join(to);
}

/** The standalone page: www/index.html with its script, styles and policy inline. */
export function assemble(indexHtml, script, style) {
  checkInline(script, 'script');
  checkInline(style, 'style');
  const csp = policy(sha256(script), sha256(style));
  const served = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/.exec(indexHtml);
  if (!served) throw new Error('www/index.html has no Content-Security-Policy meta element to replace');
  let html = replaceOnce(indexHtml, served[0], `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  html = replaceOnce(html, '<link rel="stylesheet" href="style.css">', `<style>${style}</style>`);
  html = replaceOnce(html, '<script type="module" src="index.js"></script>', `<script type="module">${script}</script>`);
  html = replaceOnce(html, '<script src="from-disk.js" defer></script>\n', '');
  // Its policy admits no stylesheet by address (and the file needs JavaScript to show anything).
  html = replaceOnce(html, '<noscript><link rel="stylesheet" href="noscript.css"></noscript>\n', '');
  // The preload block names files beside the page; the standalone file has none to fetch.
  const preload = /<!-- preload:[^]*?<!-- \/preload -->\n/.exec(html);
  if (!preload) throw new Error('www/index.html has no <!-- preload: … <!-- /preload --> block to remove');
  html = replaceOnce(html, preload[0], '');
  return replaceOnce(html, '<!doctype html>\n',
    '<!doctype html>\n<!-- Made by `make standalone` from www/; edit those files, not this one. -->\n');
}

async function main() {
  if (!existsSync(WASM)) throw new Error(`${path.relative(ROOT, WASM)} is missing: run make build first`);
  // The worker needs no embedded assets: the page posts it the compiled wasm module.
  const worker = await bundle('jobs-worker.js', { classic: true });
  const html = assemble(readFileSync(path.join(WWW, 'index.html'), 'utf8'), await bundle('index.js', { plugins: [embed(worker)] }),
    readFileSync(path.join(WWW, 'style.css'), 'utf8'));
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, html);
  const kib = (Buffer.byteLength(html) / 1024).toFixed(0);
  console.log(`wrote ${path.relative(process.cwd(), OUT)} (${kib} KiB, one file: open it from disk)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(`standalone: ${e.message}`); process.exit(1); });
}
