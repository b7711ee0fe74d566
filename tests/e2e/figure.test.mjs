// A figure saved from the page: the explorer's chartSvg gives an SVG document that the browser
// renders as an image, the heatmap (a PNG the browser encoded, inside the SVG) included.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite, openPage, screenshot, SCREENSHOTS } from './helpers.mjs';

const env = suite(before, after);

test('chartSvg renders in the browser: the w3 = 500 landscape after 50 steps with its heatmap', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  const got = await page.evaluate(async () => {
    const el = document.querySelector('gradscope-explorer');
    const { ex } = el;
    ex.applyPreset('w3-500');
    ex.step(50);
    const svg = ex.chartSvg('landscape', 640, 400);
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    await img.decode();
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 400;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, 640, 400).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - d[i + 1]) > 30 || Math.abs(d[i + 1] - d[i + 2]) > 30) coloured += 1;
    }
    let unknown;
    try { ex.chartSvg('heatmap', 640, 400); } catch (e) { unknown = e.message; }
    return { svg, coloured, charts: el.constructor.catalog.charts, unknown };
  });
  assert.deepEqual(got.charts, ['landscape', 'overshoot', 'loss', 'params', 'sigmoid', 'layers', 'diagram']);
  assert.match(got.svg, /Loss landscape over \(w2, b2\)/);
  // The viridis heatmap covers most of the figure; without its image the plot would be white.
  assert.ok(got.coloured > 640 * 400 * 0.5, `${got.coloured} coloured pixels`);
  assert.match(got.unknown, /“heatmap”.*landscape, overshoot, loss/);
  assert.deepEqual(log.pageErrors, []);
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(path.join(SCREENSHOTS, 'figure-landscape.svg'), got.svg);
  const shown = await context.newPage();
  await shown.setViewportSize({ width: 660, height: 420 });
  await shown.setContent(`<body style="margin:10px">${got.svg}</body>`);
  await screenshot(shown, 'figure-landscape-svg');
  await context.close();
});

test('an axis tick at 0 reads 0, not the rounding noise of its step (−5.551e−17 on the largest network\'s parameter chart)', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?layers=50&width=32' });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle, null, { timeout: 60000 });
  const svg = await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.chartSvg('params', 800, 300));
  assert.doesNotMatch(svg, />\s*-?\d(\.\d+)?e-1\d\s*</, 'a tick label of order 1e-10 or less');
  assert.match(svg, />\s*0\s*</, 'the tick at 0');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});
