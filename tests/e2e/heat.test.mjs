// The landscape's heatmap on a layer of its own (charts.js, useHeatLayer): the compositor scales
// it, so the page's thread no longer does every frame. It must be the same picture as the
// heatmap drawn onto the landscape's canvas, on screen and in the PNG export.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suite, openPage } from './helpers.mjs';

const env = suite(before, after);

/**
 * The difference between two PNGs of the same size (base64), compared in the page over the
 * plotting area `p` (the handle's placement, in CSS px here: DPR 1) less a 3-pixel margin: the
 * mean absolute difference per channel, the share of pixels off by more than 24 levels in some
 * channel, and the colour at the centre in the first.
 */
function difference(page, first, second, p) {
  return page.evaluate(async ([one, two, [px, py, pw, ph]]) => {
    const pixels = async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return g.getImageData(Math.ceil(px) + 3, Math.ceil(py) + 3, Math.floor(pw) - 6, Math.floor(ph) - 6);
    };
    const a = await pixels(one);
    const b = await pixels(two);
    let sum = 0;
    let far = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      let off = 0;
      for (let k = 0; k < 3; k += 1) {
        const d = Math.abs(a.data[i + k] - b.data[i + k]);
        sum += d;
        off = Math.max(off, d);
      }
      if (off > 24) far += 1;
    }
    const n = a.data.length / 4;
    const i = 4 * ((a.height >> 1) * a.width + (a.width >> 1));
    return { mean: sum / (3 * n), far: far / n, centre: [a.data[i], a.data[i + 1], a.data[i + 2]] };
  }, [first.toString('base64'), second.toString('base64'), p]);
}

test('the heatmap on its own layer is the picture the canvas drew: on screen, in the PNG export', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500' });
  // At rest: the fine grid drawn, nothing pending.
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator('#c-landscape').boundingBox();
  const placed = await page.evaluate(() => {
    const clip = q('.heat-clip').getBoundingClientRect();
    const land = q('#c-landscape').getBoundingClientRect();
    const p = Array.from(document.querySelector('gradscope-explorer').explorer.heatPlacement());
    const c = q('#c-landscape');
    return { hidden: q('.heat-clip').hidden, at: [clip.left - land.left, clip.top - land.top, clip.width, clip.height], p,
      size: [c.width, c.height], css: [land.width, land.height] };
  });
  assert.equal(placed.hidden, false, 'the layer shows');
  // The layer sits on the plotting area the handle reports (as fractions of the canvas).
  for (let k = 0; k < 4; k += 1) {
    const of = k % 2 === 0 ? placed.size[0] : placed.size[1];
    assert.ok(Math.abs(placed.at[k] / placed.css[k % 2] - placed.p[k] / of) < 0.001, `clip box ${placed.at} at ${placed.p}`);
  }
  const layered = await page.screenshot({ clip: box });
  // The PNG export composes the two canvases.
  await page.selectOption('#figure-chart', 'landscape');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#figure-png')]);
  const exported = readFileSync(await download.path());
  // The reference: the same state with the heatmap scaled onto the landscape's canvas itself
  // (the handle given no layer) and the layer hidden, as the page drew it before; shot where
  // the first was (choosing the chart scrolled the page).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => {
    const c = q('#c-landscape');
    q('.heat-clip').hidden = true;
    document.querySelector('gradscope-explorer').explorer.drawLandscape(c, window.devicePixelRatio, false);
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const single = await page.screenshot({ clip: box });
  // No frame of the page's redrew the landscape with its layer meanwhile.
  assert.deepEqual(await page.evaluate(() => {
    const c = q('#c-landscape');
    return [q('.heat-clip').hidden, c.getContext('2d').getImageData(c.width >> 1, c.height >> 1, 1, 1).data[3]];
  }), [true, 255], 'the reference is the single canvas');
  const screen = await difference(page, layered, single, placed.p);
  assert.ok(screen.mean < 1, `on screen, mean difference ${screen.mean.toFixed(2)} levels`);
  assert.ok(screen.far < 0.005, `on screen, ${(100 * screen.far).toFixed(2)} % of pixels far off`);
  assert.ok(screen.centre.some((v) => v < 200), `the heatmap shows at the centre (${screen.centre})`);
  const png = await difference(page, exported, await page.evaluate(() => q('#c-landscape').toDataURL().split(',')[1])
    .then((b64) => Buffer.from(b64, 'base64')), placed.p);
  assert.ok(png.mean < 1, `export, mean difference ${png.mean.toFixed(2)} levels`);
  assert.ok(png.far < 0.005, `export, ${(100 * png.far).toFixed(2)} % of pixels far off`);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('a grid with no finite loss hides the layer; a finite one brings it back', async () => {
  // deep-diverge overflows at step 7: after 10 steps no point of the grid has a finite loss.
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=deep-diverge&steps=10' });
  const layer = () => page.evaluate(() => ({
    hidden: q('.heat-clip').hidden,
    placement: document.querySelector('gradscope-explorer').explorer.heatPlacement() === undefined ? 'none' : 'some',
  }));
  // The run stops where the loss overflows (step 7), and the page comes to rest there.
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').explorer.stepCount() === 7
    && document.querySelector('gradscope-explorer').idle);
  assert.deepEqual(await layer(), { hidden: true, placement: 'none' }, 'no heatmap: no layer');
  await page.click('#reset');
  await page.waitForFunction(() => !q('.heat-clip').hidden);
  assert.deepEqual(await layer(), { hidden: false, placement: 'some' }, 'step 0 is finite: the layer is back');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('the layer stretches with the canvas before the next drawing (a resize, a print layout)', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  // The chart made narrower and its canvas taller in CSS, read in the same task: nothing has redrawn yet,
  // the picture is stretched, and the layer's box must be stretched the same way.
  const got = await page.evaluate(() => {
    const land = q('#c-landscape');
    const p = Array.from(document.querySelector('gradscope-explorer').explorer.heatPlacement());
    const [bw, bh] = [land.width, land.height];
    land.parentElement.style.width = '60%';
    land.style.height = '700px';
    const l = land.getBoundingClientRect();
    const c = q('.heat-clip').getBoundingClientRect();
    const i = q('#c-heat').getBoundingClientRect();
    return {
      box: [(c.left - l.left) / l.width, (c.top - l.top) / l.height, c.width / l.width, c.height / l.height],
      want: [p[0] / bw, p[1] / bh, p[2] / bw, p[3] / bh],
      image: [(i.left - l.left) / l.width, (i.top - l.top) / l.height, i.width / l.width, i.height / l.height],
      wantImage: [p[4] / bw, p[5] / bh, p[6] / bw, p[7] / bh],
    };
  });
  for (let k = 0; k < 4; k += 1) {
    assert.ok(Math.abs(got.box[k] - got.want[k]) < 0.002, `box ${got.box} against ${got.want}`);
    assert.ok(Math.abs(got.image[k] - got.wantImage[k]) < 0.002, `image ${got.image} against ${got.wantImage}`);
  }
  await context.close();
});
