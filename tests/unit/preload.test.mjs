// www/index.html runs one script, the bundle of index.js and every module it imports
// (tests/tools/bundle.mjs, run by make build), and preloads the two files that script fetches
// first — the wasm module and the explorer's stylesheet — so the browser asks for them at once
// rather than after the script has run. The served bundles must be those of the sources as
// they are now. The standalone file fetches nothing, so it keeps none of these lines.

import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { SERVED, servedBundles, WWW } from '../tools/bundle.mjs';
import { assemble } from '../tools/standalone.mjs';

const html = readFileSync(path.join(WWW, 'index.html'), 'utf8');

/** Every module `entry` imports (directly or not), as paths relative to www/. */
async function importGraph(entry) {
  const result = await build({
    entryPoints: [path.join(WWW, entry)], bundle: true, write: false, metafile: true,
    format: 'esm', logLevel: 'silent', absWorkingDir: WWW,
  });
  return Object.keys(result.metafile.inputs).map((p) => p.replace(/^\.\//, ''));
}

const hrefs = (rel) => [...html.matchAll(new RegExp(`<link rel="${rel}" href="([^"]+)"[^>]*>`, 'g'))].map((m) => m[1]);

test('the page runs the bundle of its module graph, and the bundle starts the bundled worker', async () => {
  const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [SERVED.page[1]]);
  assert.deepEqual(hrefs('modulepreload'), [], 'one script: nothing to preload');
  const graph = await importGraph(SERVED.page[0]);
  assert.ok(graph.includes('pkg/gradscope_web.js') && graph.includes('explorer-element.js') && graph.includes('url.js'), graph.join(' '));
  const page = readFileSync(path.join(WWW, SERVED.page[1]), 'utf8');
  assert.ok(page.includes(`"./${SERVED.worker[1]}"`) || page.includes(`'./${SERVED.worker[1]}'`), 'job-pool.js starts the worker bundle');
  assert.ok(!page.includes(`./${SERVED.worker[0]}`), 'and never the unbundled worker');
});

test('the served bundles are those of the sources now (make build has run since they changed)', async () => {
  const fresh = await servedBundles();
  assert.deepEqual(Object.keys(fresh).sort(), [...Object.values(SERVED).flatMap(([, f]) => [f, `${f}.map`])].sort());
  for (const [file, text] of Object.entries(fresh)) {
    assert.ok(existsSync(path.join(WWW, file)), `www/${file} is missing: run make build`);
    assert.ok(readFileSync(path.join(WWW, file), 'utf8') === text, `www/${file} is stale: run make build`);
  }
});

test('the wasm module and the explorer stylesheet are preloaded the way the page fetches them', () => {
  // compileStreaming(fetch(url)) reuses a preload only with as="fetch" and CORS mode.
  assert.match(html, /<link rel="preload" href="pkg\/gradscope_web_bg\.wasm" as="fetch" type="application\/wasm" crossorigin>/);
  assert.match(html, /<link rel="preload" href="explorer\.css" as="style">/);
});

test('the standalone file keeps none of the preload lines and inlines its script', () => {
  const out = assemble(html, 'console.log(1)', 'p{}');
  assert.doesNotMatch(out, /preload|noscript|bundle/);
  assert.match(out, /<script type="module">console\.log\(1\)<\/script>/);
});
