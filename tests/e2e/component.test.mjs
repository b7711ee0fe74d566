// <gradscope-explorer> as a component: the course-notes example holds two explorers that train
// and draw independently, stop when removed, and a third added later works.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, openPage, canvasStats, CANVAS_IDS, screenshot, readShown, WWW } from './helpers.mjs';

const env = suite(before, after);

/** Counts requestAnimationFrame calls made by the page (the tests' own waits use the original). */
const COUNT_FRAMES = `
  window.__raf = window.requestAnimationFrame.bind(window);
  window.__rafCalls = 0;
  window.requestAnimationFrame = (f) => { window.__rafCalls += 1; return window.__raf(f); };
  window.nextFrames = (n) => new Promise((resolve) => {
    const tick = (k) => (k === 0 ? resolve() : window.__raf(() => tick(k - 1)));
    tick(n);
  });
`;

/** Opens the course notes tall enough that both explorers are on screen at once. */
async function openNotes() {
  const opened = await openPage(env.browser, env.server.origin,
    { path: 'examples/course-notes.html', viewport: { width: 1280, height: 8000 } });
  await opened.page.addInitScript(COUNT_FRAMES);
  await opened.page.reload();
  await waitIdle(opened.page, 2);
  return opened;
}

/** Waits until the first n explorers have drawn their resting (fine) frame and requested no other. */
function waitIdle(page, n) {
  return page.waitForFunction((count) => {
    const els = [...document.querySelectorAll('gradscope-explorer')];
    return els.length >= count && els.slice(0, count).every((e) => e.idle);
  }, n, { timeout: 30000 });
}

/** Everything explorer n shows that training would change: numbers and every canvas's pixels. */
async function snapshot(page, n) {
  const numbers = await page.evaluate((host) => ['#step-count', '#loss', '#grad-norm', '#param-table tbody']
    .map((sel) => q(sel, host).textContent), n);
  const pixels = [];
  for (const id of CANVAS_IDS) pixels.push((await canvasStats(page, id, n)).hash);
  return { numbers, pixels };
}

test('two explorers on one page each draw their own preset', async () => {
  const { page, context, log } = await openNotes();
  for (const n of [0, 1]) {
    for (const id of CANVAS_IDS) {
      const s = await canvasStats(page, id, n);
      assert.ok(s.ink > 500 && s.colours >= 5, `explorer ${n}: ${id} is drawn (${s.ink} inked pixels)`);
    }
  }
  const explode = page.locator('gradscope-explorer#explode');
  const cure = page.locator('gradscope-explorer#cure');
  assert.equal(await explode.locator('#w3-box').inputValue(), '500');
  assert.equal(await explode.locator('#lr-box').inputValue(), '0.003');
  assert.equal(await cure.locator('#scheme').inputValue(), 'he-normal');
  assert.equal(await cure.locator('#lr-box').inputValue(), '0.5');
  await screenshot(page, 'course-notes-1280');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('Play in one explorer leaves the other one exactly as it was', async () => {
  const { page, context } = await openNotes();
  const before = await snapshot(page, 1);
  const explode = page.locator('gradscope-explorer#explode');
  await explode.locator('#play').click();
  await page.waitForFunction(() => Number(q('#step-count', 0).textContent) >= 30);
  await explode.locator('#play').click();
  await waitIdle(page, 2);
  assert.ok(Number(await explode.locator('#step-count').textContent()) >= 30);
  assert.deepEqual(await snapshot(page, 1), before, 'the He explorer did not change');
  // And the other way round.
  const explodeBefore = await snapshot(page, 0);
  await page.locator('gradscope-explorer#cure #step').click();
  await waitIdle(page, 2);
  assert.equal(await page.locator('gradscope-explorer#cure #step-count').textContent(), '1');
  assert.deepEqual(await snapshot(page, 0), explodeBefore);
  await context.close();
});

test('a change made while an explorer is out of the page waits: it is not idle until put back and drawn', async () => {
  const { page, context, log } = await openNotes();
  await waitIdle(page, 2);
  await page.evaluate(() => {
    const el = document.querySelector('#explode');
    window.home = el.parentElement;
    el.remove();
    window.removed = el;
    el.setLayout({ embed: true });
  });
  await page.evaluate(() => window.nextFrames(5));
  assert.equal(await page.evaluate(() => window.removed.idle), false, 'idle with a change not drawn');
  await page.evaluate(() => window.home.prepend(window.removed));
  await page.waitForFunction(() => window.removed.idle);
  assert.equal(await page.evaluate(() => window.removed.shadowRoot.querySelector('.layout').classList.contains('embed')), true);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('a removed explorer stops its loop; a third one added later works', async () => {
  const { page, context, log } = await openNotes();
  await page.locator('gradscope-explorer#explode #play').click();
  await page.waitForFunction(() => Number(q('#step-count', 0).textContent) >= 5);
  const removedAt = await page.evaluate(() => {
    const el = document.querySelector('#explode');
    el.remove();
    window.removed = el;
    return el.explorer.stepCount();
  });
  const calls = await page.evaluate(() => window.__rafCalls);
  await page.evaluate(() => window.nextFrames(10));
  assert.equal(await page.evaluate(() => window.__rafCalls), calls, 'no frame was requested after removal');
  assert.equal(await page.evaluate(() => window.removed.explorer.stepCount()), removedAt,
    'the removed explorer stopped training');

  await page.evaluate(() => {
    const el = document.createElement('gradscope-explorer');
    el.id = 'third';
    el.setAttribute('preset', 'w3-1000');
    document.querySelector('article').prepend(el);
  });
  await waitIdle(page, 2);
  const third = page.locator('gradscope-explorer#third');
  assert.equal(await third.locator('#w3-box').inputValue(), '1000');
  for (const id of CANVAS_IDS) {
    const s = await canvasStats(page, id, 0);
    assert.ok(s.ink > 500, `the added explorer draws ${id}`);
  }
  await third.locator('#step').click();
  await page.waitForFunction(() => q('#step-count', 0).textContent === '1');
  // Reference case 16's network at step 0: w3 = 1000, b3 = −1200 on the real data has a finite,
  // large loss; one step changes it.
  const loss = readShown(await third.locator('#loss').textContent());
  assert.ok(Number.isFinite(loss) && loss > 1, `loss after one step ${loss}`);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('attributes are the API: a changed attribute is applied, a bad one reported beside it', async () => {
  const { page, context } = await openNotes();
  const cure = page.locator('gradscope-explorer#cure');
  await cure.locator('#step').click();
  await page.evaluate(() => document.querySelector('#cure').setAttribute('lr', '0.125'));
  await page.waitForFunction(() => q('#lr-shown', 1).textContent === '0.125');
  assert.equal(await cure.locator('#step-count').textContent(), '1', 'a new α keeps the run');
  await page.evaluate(() => document.querySelector('#cure').setAttribute('preset', 'w3-500'));
  await page.waitForFunction(() => q('#w3-box', 1).value === '500');
  assert.equal(await cure.locator('#step-count').textContent(), '0', 'a new preset restarts');
  assert.equal(await cure.locator('#lr-box').inputValue(), '0.125', 'the lr attribute still applies');
  await page.evaluate(() => document.querySelector('#cure').setAttribute('lr', 'fast'));
  await page.waitForFunction(() => !q('#notice', 1).hidden);
  assert.match(await cure.locator('#notice').textContent(), /lr="fast"/);
  assert.equal(await cure.locator('#lr-box').inputValue(), '0.125', 'the state is unchanged');
  await page.evaluate(() => document.querySelector('#cure').setAttribute('lr', '0.25'));
  await page.waitForFunction(() => q('#notice', 1).hidden);
  // A removed attribute gives its setting back: without lr the preset's own α returns.
  await page.evaluate(() => document.querySelector('#cure').removeAttribute('lr'));
  await page.waitForFunction(() => q('#lr-box', 1).value === '0.003');
  // The same shape again keeps the preset's weights.
  await page.evaluate(() => document.querySelector('#cure').setAttribute('activation', 'relu'));
  await page.waitForFunction(() => document.querySelector('#cure').idle);
  assert.equal(await cure.locator('#w3-box').inputValue(), '500');
  // A refused pair (reported as a whole) goes when one of the two is set again to a valid one.
  await page.evaluate(() => { const el = document.querySelector('#cure'); el.setAttribute('x', 'w1'); el.setAttribute('y', 'w1'); });
  await page.waitForFunction(() => !q('#notice', 1).hidden);
  assert.match(await cure.locator('#notice').textContent(), /two different parameters/);
  await page.evaluate(() => document.querySelector('#cure').setAttribute('y', 'b1'));
  await page.waitForFunction(() => q('#notice', 1).hidden);
  assert.deepEqual(await page.evaluate(() => Array.from(document.querySelector('#cure').explorer.landscapeAxes())), [0, 1]);
  // A sample out of range names the data set's range (569 samples: 0 to 568), whichever side.
  await page.evaluate(() => document.querySelector('#cure').setAttribute('sample', '-1'));
  await page.waitForFunction(() => !q('#notice', 1).hidden);
  assert.match(await cure.locator('#notice').textContent(), /sample="-1": Enter a whole number from 0 to 568/);
  await context.close();
});

test('an explorer scrolled off screen stops drawing and training, and resumes when back', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin,
    { path: 'examples/course-notes.html', viewport: { width: 1280, height: 800 } });
  await page.addInitScript(COUNT_FRAMES);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#explode').idle);
  await page.locator('gradscope-explorer#explode #play').click();
  await page.waitForFunction(() => Number(q('#step-count', 0).textContent) >= 3);
  await page.evaluate(() => document.querySelector('#cure').scrollIntoView());
  await page.waitForFunction(() => !document.querySelector('#explode').visible);
  const steps = await page.evaluate(() => document.querySelector('#explode').explorer.stepCount());
  await page.evaluate(() => window.nextFrames(10));
  assert.equal(await page.evaluate(() => document.querySelector('#explode').explorer.stepCount()), steps,
    'no training while off screen');
  await page.evaluate(() => document.querySelector('#explode').scrollIntoView());
  await page.waitForFunction((s) => document.querySelector('#explode').explorer.stepCount() > s, steps);
  await context.close();
});

test('the page repeats no Rust list: no preset, scheme, activation, data set or parameter name in www/', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  const catalog = await page.evaluate(() => document.querySelector('gradscope-explorer').constructor.catalog);
  const words = [
    ...catalog.presets, ...catalog.schemes, ...catalog.activations, ...catalog.datasets,
  ].map((item) => item.id).concat(catalog.widthOneParamNames.slice(0, 6));
  const files = readdirSync(WWW).filter((f) => /\.(js|html|css)$/.test(f));
  for (const file of files) {
    const text = readFileSync(path.join(WWW, file), 'utf8');
    for (const word of words) {
      for (const quote of ["'", '"', '`']) {
        assert.ok(!text.includes(`${quote}${word}${quote}`), `${file} spells out ${quote}${word}${quote}`);
      }
    }
    for (const n of [String(catalog.views.pathLength), String(catalog.datasets[0].size - 1)]) {
      assert.ok(!new RegExp(`\\b${n}\\b`).test(text.replace(/<section class="teach"[\s\S]*?<\/section>/, '')),
        `${file} writes the Rust constant ${n}`);
    }
  }
  // What the page shows comes from the catalog.
  const legend = await page.locator('.landscape .legend').textContent();
  assert.match(legend, new RegExp(`the last\\s+${catalog.views.pathLength} steps`));
  assert.equal(await page.locator('#sample-max').textContent(), String(catalog.datasets[0].size - 1));
  const buttons = await page.locator('#presets button').evaluateAll((bs) => bs.map((b) => b.dataset.preset));
  assert.deepEqual(buttons, catalog.presets.map((p) => p.id));
  await context.close();
});
