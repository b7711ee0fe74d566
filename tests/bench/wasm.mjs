// `make bench`, the wasm half of the interleaved run: the gradscope-bench module (product and
// reference compiled together, target/bench-pkg, never part of www/) on a blank page of the
// bench's origin, one runWorkload call per workload. The timing loop itself is the Rust one
// (crate/bench/src/interleave.rs) on the page's performance.now().

import path from 'node:path';

/** Runs every workload in wasm; returns { w1: Measurement, … } as the native binary prints it. */
export async function measureWasm(browser, origin, pkgDir, budgetSeconds) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The module is served from the build directory by the browser itself, so nothing of the
  // bench is ever copied into www/. Cross-origin isolation (COOP + COEP) gives performance.now()
  // a 5 µs resolution instead of 100 µs.
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  await page.route(`${origin}/__bench/**`, (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    if (name === 'index.html') {
      return route.fulfill({ headers, contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>gradscope-bench</title>' });
    }
    return route.fulfill({ headers, path: path.join(pkgDir, name), contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  });
  await page.goto(`${origin}/__bench/index.html`);
  if (!await page.evaluate(() => crossOriginIsolated)) throw new Error('the bench page is not cross-origin isolated');
  const ids = await page.evaluate(async () => {
    window.bench = await import('./gradscope_bench.js');
    await window.bench.default();
    return window.bench.workloadIds();
  });
  const out = {};
  for (const id of ids) {
    out[id] = JSON.parse(await page.evaluate(([w, b]) => window.bench.runWorkload(w, b), [id, budgetSeconds]));
  }
  await context.close();
  return out;
}
