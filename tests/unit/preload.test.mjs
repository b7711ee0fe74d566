// The main page's loading: one script (www/app.js, the bundle of www/index.js that `make build`
// writes), and the wasm module and the explorer's stylesheet preloaded so they arrive while it
// does. The standalone file fetches nothing, so it keeps none of these lines.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assemble } from '../tools/standalone.mjs';
import { bundle } from '../tools/bundle.mjs';

const html = readFileSync(new URL('../../www/index.html', import.meta.url), 'utf8');

test('the page runs the bundle and preloads the wasm module and the stylesheet the way it fetches them', () => {
  assert.equal([...html.matchAll(/<script type="module"[^>]*>/g)].map((m) => m[0]).join(), '<script type="module" src="app.js">');
  // compileStreaming(fetch(url)) reuses a preload only with as="fetch" and CORS mode.
  assert.match(html, /<link rel="preload" href="pkg\/gradscope_web_bg\.wasm" as="fetch" type="application\/wasm" crossorigin>/);
  assert.match(html, /<link rel="preload" href="explorer\.css" as="style">/);
});

test('app.js is the bundle of the modules as they are now (make build remakes it)', async () => {
  const app = readFileSync(new URL('../../www/app.js', import.meta.url), 'utf8');
  assert.equal(app.slice(app.indexOf('\n') + 1), await bundle('index.js'));
});

test('the standalone file keeps none of the preload lines and inlines its script', () => {
  const out = assemble(html, 'console.log(1)', 'p{}');
  assert.doesNotMatch(out, /preload|app\.js/);
  assert.match(out, /<script type="module">console\.log\(1\)<\/script>/);
});
