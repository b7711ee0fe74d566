// `make bench`, second half: runs the wasm workloads and the page's full redraw in headless
// Chromium, measures what the page downloads, reads the native criterion results written by the
// first half (`cargo bench`), and prints everything as one table with the DESIGN.md bars.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer, launch, openPage, waitForChartsDrawn, WWW } from '../e2e/helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CRITERION = path.resolve(here, '../../target/criterion/core');

/** Criterion's mean time of one iteration of `name`, seconds. */
function nativeSeconds(name) {
  const file = path.join(CRITERION, name, 'new', 'estimates.json');
  if (!existsSync(file)) return NaN;
  return JSON.parse(readFileSync(file, 'utf8')).mean.point_estimate * 1e-9;
}

/** The q-quantile (0..1) of numbers, by nearest rank. */
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

const fmt = (v, unit = '') => (Number.isFinite(v) ? `${v >= 100 ? v.toFixed(0) : v.toPrecision(3)}${unit}` : 'n/a');

const server = await startServer();
const browser = await launch();
try {
  const { page, context } = await openPage(browser, server.origin);
  const responses = [];
  page.on('response', (r) => responses.push(r.url()));
  await page.reload();
  await waitForChartsDrawn(page);

  const wasm = await page.evaluate(async () => {
    const mod = await import('./pkg/gradscope_web.js');
    const best = (f, reps) => {
      let t = Infinity;
      for (let i = 0; i < reps; i += 1) {
        const t0 = performance.now();
        f();
        t = Math.min(t, performance.now() - t0);
      }
      return t / 1000;
    };
    const w = new mod.Workload();
    w.steps(2000); // warm up
    const stepSeconds = best(() => w.steps(1000), 15) / 1000;
    const land33 = best(() => w.landscape(4, 5, 256), 5) / (256 * 256);
    const land11 = best(() => w.landscape(0, 1, 256), 3) / (256 * 256);
    w.free();

    // A full redraw of every chart while training: the page's own canvases and sizes, preset
    // w3 = 500, two steps per frame, coarse landscape as the page uses while playing.
    const ex = new mod.Explorer();
    ex.applyPreset('w3-500');
    const dpr = window.devicePixelRatio;
    const root = document.querySelector('gradscope-explorer').shadowRoot;
    const canvases = ['c-landscape', 'c-overshoot', 'c-loss', 'c-params'].map((id) => root.getElementById(id));
    const frames = [];
    for (let f = 0; f < 150; f += 1) {
      ex.step(2);
      const t0 = performance.now();
      ex.drawLandscape(canvases[0], dpr, true);
      ex.drawOvershoot(canvases[1], dpr);
      ex.drawLoss(canvases[2], dpr);
      ex.drawParams(canvases[3], dpr);
      frames.push(performance.now() - t0);
    }
    const t0 = performance.now();
    ex.drawLandscape(canvases[0], dpr, false);
    const fine = performance.now() - t0;
    ex.free();
    return { stepSeconds, land33, land11, frames: frames.slice(10), fine };
  });

  const files = [...new Set(responses)].filter((u) => u.startsWith(server.origin));
  let raw = 0;
  let gz = 0;
  for (const u of files) {
    let rel = new URL(u).pathname;
    if (rel.endsWith('/')) rel += 'index.html';
    const bytes = readFileSync(path.join(WWW, rel));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }

  const nStep = nativeSeconds('seed_step_64_x1000') / 1000;
  const nChain = nativeSeconds('chain20_step_64_x1000') / 1000;
  const n33 = nativeSeconds('landscape_256_w3_b3') / (256 * 256);
  const n11 = nativeSeconds('landscape_256_w1_b1') / (256 * 256);
  const p50 = quantile(wasm.frames, 0.5);
  const p95 = quantile(wasm.frames, 0.95);
  const rows = [
    ['seed-network GD step, 64 samples: native', fmt(1 / nStep / 1e3, ' k steps/s'), ''],
    ['seed-network GD step, 64 samples: wasm', fmt(1 / wasm.stepSeconds / 1e3, ' k steps/s'), ''],
    ['  wasm / native', fmt(nStep / wasm.stepSeconds), 'bar ≥ 0.8'],
    ['depth-20 one-unit-per-layer ReLU network, GD step, 64 samples: native', fmt(1 / nChain / 1e3, ' k steps/s'), ''],
    ['landscape 256², 64 samples, (w3, b3): native', fmt(1 / n33 / 1e6, ' M points/s'), ''],
    ['landscape 256², 64 samples, (w3, b3): wasm', fmt(1 / wasm.land33 / 1e6, ' M points/s'), 'bar ≥ 4'],
    ['landscape 256², 64 samples, (w1, b1): native', fmt(1 / n11 / 1e6, ' M points/s'), ''],
    ['landscape 256², 64 samples, (w1, b1): wasm', fmt(1 / wasm.land11 / 1e6, ' M points/s'), 'bar ≥ 4'],
    ['full redraw while training (4 charts, 569 samples): p50', fmt(p50, ' ms'), ''],
    ['full redraw while training: p95', fmt(p95, ' ms'), 'bar ≤ 16.7'],
    ['fine landscape redraw at rest (96², 569 samples)', fmt(wasm.fine, ' ms'), ''],
    [`page download (${files.length} files): raw`, fmt(raw / 1024, ' KiB'), ''],
    ['page download: gzip -9', fmt(gz / 1024, ' KiB'), 'bar ≤ 100 KB'],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log('\nGradscope benchmark (one run; native from criterion, wasm in headless Chromium)');
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
