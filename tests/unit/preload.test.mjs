// www/index.html preloads every module of the page's import graph, the wasm module and the
// explorer's stylesheet, so the browser fetches them at once instead of one import level after
// another. The graph comes from esbuild's resolver, not from the page: a module added to (or
// dropped from) the graph without its preload line fails here. The standalone file fetches
// nothing, so it keeps none of these lines.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { assemble } from '../tools/standalone.mjs';

const WWW = new URL('../../www/', import.meta.url);
const html = readFileSync(new URL('index.html', WWW), 'utf8');

/** Every module www/index.js imports (directly or not), as paths relative to www/. */
async function importGraph() {
  const result = await build({
    entryPoints: [new URL('index.js', WWW).pathname], bundle: true, write: false, metafile: true,
    format: 'esm', logLevel: 'silent', absWorkingDir: new URL('.', WWW).pathname,
  });
  return Object.keys(result.metafile.inputs).map((p) => p.replace(/^\.\//, '')).filter((p) => p !== 'index.js');
}

const hrefs = (rel) => [...html.matchAll(new RegExp(`<link rel="${rel}" href="([^"]+)"[^>]*>`, 'g'))].map((m) => m[1]);

test('every module of the page is preloaded, and nothing else', async () => {
  const graph = await importGraph();
  assert.ok(graph.includes('pkg/gradscope_web.js') && graph.includes('explorer-element.js'), graph.join(' '));
  assert.deepEqual([...hrefs('modulepreload')].sort(), [...graph].sort());
});

test('the wasm module and the explorer stylesheet are preloaded the way the page fetches them', () => {
  // compileStreaming(fetch(url)) reuses a preload only with as="fetch" and CORS mode.
  assert.match(html, /<link rel="preload" href="pkg\/gradscope_web_bg\.wasm" as="fetch" type="application\/wasm" crossorigin>/);
  assert.match(html, /<link rel="preload" href="explorer\.css" as="style">/);
});

test('the standalone file keeps none of the preload lines and inlines its script', () => {
  const out = assemble(html, 'console.log(1)', 'p{}');
  assert.doesNotMatch(out, /preload|noscript/);
  assert.match(out, /<script type="module">console\.log\(1\)<\/script>/);
});
