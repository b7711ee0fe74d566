// The chain-rule panel: live factors that multiply out, the handle's numbers, the saturated
// cases explained where they happen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage, readShown, screenshot } from './helpers.mjs';

const env = suite(before, after);

/** The panel's factor values and its product as the page shows them. */
async function shownChain(page) {
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  const values = await page.$$eval('#chain-factors .factor .val', (vs) => vs.map((v) => v.textContent));
  return { factors: values.slice(0, -1).map(readShown), product: readShown(values[values.length - 1]) };
}

test('w3 = 500: the panel writes ∂L/∂w1 out, its factors multiply out, and w3 = 500 is one of them', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500&sample=3' });
  const { factors, product } = await shownChain(page);
  // (ŷ − y) · w3 · ReLU′(z2) · w2 · ReLU′(z1) · x for the seed network.
  assert.equal(factors.length, 6);
  assert.equal(factors[1], 500);
  assert.equal(factors[3], 0.8);
  const multiplied = factors.reduce((a, b) => a * b, 1);
  // Each shown value has 5 significant digits: the product of six agrees to about 3e−5.
  assert.ok(Math.abs(multiplied - product) <= 3e-4 * Math.abs(product), `${multiplied} vs ${product}`);
  const c = await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.chainRule(0));
  assert.equal(product, Number(c.product.toPrecision(5)));
  // Sample 3 is saturated and wrong (z3 ≈ −254, y = 1): the panel says the two halves cancel.
  assert.match(await page.textContent('#chain-cancel'), /saturated .* wrong: .* cancel exactly/);
  const batch = await page.textContent('#chain-batch');
  const grads = await page.evaluate(() => Array.from(document.querySelector('gradscope-explorer').explorer.grads()));
  assert.match(batch, new RegExp(`∂L/∂w1 = ${String(Number(grads[0].toPrecision(5))).replace('-', '−')} `));
  await screenshot(page, 'chain-w3-500');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('a step keeps the panel\'s cards (no rebuilt MathML) and writes the new step\'s factors into them', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=seed&sample=2' });
  const before = await shownChain(page);
  await page.evaluate(() => { window.__cards = [...q('#chain-factors').querySelectorAll('.factor')]; });
  await page.click('#step');
  await page.waitForFunction(() => q('#step-count').textContent === '1');
  const after = await shownChain(page);
  const same = await page.evaluate(() => {
    const now = [...q('#chain-factors').querySelectorAll('.factor')];
    return now.length === window.__cards.length && now.every((c, i) => c === window.__cards[i]);
  });
  assert.equal(same, true, 'the cards were rebuilt');
  // The step moved the weights: the weight factors and the product now show step 1's values,
  // each as the handle gives it, to the 5 digits shown.
  const c = await page.evaluate(() => {
    const r = document.querySelector('gradscope-explorer').explorer.chainRule(0);
    return { factors: r.factors.map((f) => f.value), product: r.product };
  });
  assert.deepEqual(after.factors, c.factors.map((v) => Number(v.toPrecision(5))));
  assert.equal(after.product, Number(c.product.toPrecision(5)));
  assert.notEqual(after.product, before.product);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('a saturated, right sample: the panel says the gradient is tiny, and shows no ∞ or 0 for the split', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500&sample=0' });
  await shownChain(page);
  const text = await page.textContent('#chain-cancel');
  assert.match(text, /prediction is right/);
  assert.doesNotMatch(text, /∞|NaN/);
  // σ′(z3) for z3 ≈ 119 is about 1e−52, written out, not rounded to 0.
  assert.match(text, /σ′\(z3\) = \d\.\d+e−52/);
  await context.close();
});

test('every parameter of a deep one-unit-per-layer network has its chain; a wide network says why not', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?layers=5&width=1&scheme=he-normal&seed=3' });
  await page.selectOption('#chain-param', { label: 'b2' });
  const { factors } = await shownChain(page);
  // ∂L/∂b2 on 6 weight layers: (ŷ − y), then w6, act′(z5), …, w3, act′(z2), then 1.
  assert.equal(factors.length, 1 + 2 * 4 + 1);
  assert.equal(factors[factors.length - 1], 1);
  await page.fill('#width', '4');
  await page.press('#width', 'Enter');
  await page.waitForFunction(() => !q('#chain-wide').hidden);
  assert.equal(await page.isHidden('#chain-body'), true);
  await context.close();
});

test('typing w3 = 500 on the healthy start explains itself: a collapse banner with the step', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.fill('#w3-box', '500');
  await page.press('#w3-box', 'Enter');
  assert.equal(await page.isHidden('#collapse'), true, 'the edited start is alive');
  await page.click('#step');
  await page.waitForFunction(() => !q('#collapse').hidden);
  assert.match(await page.textContent('#collapse'), /Collapsed at step 1: every unit of hidden layer 2 is off for all 569 samples/);
  await screenshot(page, 'collapse-banner');
  await page.click('#reset');
  await page.waitForFunction(() => q('#collapse').hidden);
  await context.close();
});

test('the deep sigmoid preset shows the vanishing banner; the deep ReLU one the product law in the table', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?preset=deep-sigmoid' });
  await page.waitForFunction(() => !q('#vanishing').hidden);
  assert.match(await page.textContent('#vanishing'), /the signal reaching layer 1, ‖∂L\/∂b1‖, is \d\.\de−\d+ times the output layer's/);
  await screenshot(page, 'deep-sigmoid');
  await page.click('button[data-preset="deep-explode"]');
  await page.waitForFunction(() => q('#vanishing').hidden);
  const grads = await page.evaluate(() => Array.from(document.querySelector('gradscope-explorer').explorer.grads()));
  // ∂L/∂b_l = 2^(6−l)·∂L/∂b6, every unit being on.
  for (let l = 1; l <= 6; l += 1) {
    const expected = grads[11] * 2 ** (6 - l);
    assert.ok(Math.abs(grads[2 * (l - 1) + 1] - expected) <= 1e-12 * Math.abs(expected), `b${l}`);
  }
  await context.close();
});

test('the overshoot view along the update: w3 = 500 lands at 38.3 from 13.4, three times past s*', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500' });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  assert.equal(await page.inputValue('#overshoot-param'), 'step');
  // The design card's numbers for this preset at step 0 (an independent line search).
  const text = await page.textContent('#line-numbers');
  assert.match(text, /α = 0\.003 takes the loss from 13\.4 to 38\.3; the lowest point of this line is at s\* = 9\.5\de−4 \(L = 7\.87\)/);
  assert.match(text, /The step is 3\.\d\d? × s\*: it overshoots/);
  await screenshot(page, 'overshoot-along-update');
  // The parameter mode is still there, and a link keeps it.
  await page.selectOption('#overshoot-param', { label: 'b2' });
  await page.waitForFunction(() => q('#line-numbers').textContent === '');
  assert.match(page.url(), /overshoot=b2/);
  await context.close();
});

test('layer by layer: on the deep w = 2 preset the ∏|wᵢ| law is drawn and equals the bias gradients', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?preset=deep-explode' });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  const n = await page.evaluate(() => {
    const r = document.querySelector('gradscope-explorer').explorer.layerNumbers();
    return { law: Array.from(r.law), bias: Array.from(r.biasGrad), spread: Array.from(r.spread), active: Array.from(r.active) };
  });
  assert.equal(n.law.length, 6);
  n.law.forEach((v, l) => assert.ok(Math.abs(v - n.bias[l]) <= 1e-12 * n.bias[l], `layer ${l + 1}`));
  // z_l = 2^(l−1)·(2x + 5) grows by 2 per layer: so does its spread.
  for (let l = 1; l < n.spread.length; l += 1) {
    assert.ok(Math.abs(n.spread[l] / n.spread[l - 1] - 2) < 1e-9, `spread ratio at layer ${l + 1}`);
  }
  assert.deepEqual(n.active, [1, 1, 1, 1, 1]);
  await screenshot(page, 'layers-deep-explode');
  // Once a layer is off the law no longer holds, and it is not drawn.
  await page.click('button[data-preset="dead-relu"]');
  await page.click('#step');
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').explorer.layerNumbers().law.length === 0);
  await context.close();
});

/** A fingerprint of the landscape's colour bar (the right 60 CSS px of its canvas). */
function colourBar(page) {
  return page.evaluate(() => {
    const c = q('#c-landscape');
    const w = Math.round(60 * window.devicePixelRatio);
    const d = c.getContext('2d').getImageData(c.width - w, 0, w, c.height).data;
    let h = 2166136261;
    for (let i = 0; i < d.length; i += 4) h = Math.imul(h ^ (d[i] + 3 * d[i + 1] + 7 * d[i + 2]), 16777619) >>> 0;
    return h;
  });
}

test('held, the landscape keeps its colour scale while the run trains; released, it refits', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500' });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  assert.equal(await page.isChecked('#hold'), true, 'held by default');
  const before = await colourBar(page);
  for (let i = 0; i < 6; i += 1) await page.click('#step');
  await page.waitForFunction(() => q('#step-count').textContent === '6' && document.querySelector('gradscope-explorer').idle);
  assert.equal(await colourBar(page), before, 'the same colour scale after six steps');
  await page.uncheck('#hold');
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  assert.notEqual(await colourBar(page), before, 'released, the colours fit the current grid');
  assert.match(page.url(), /hold=0/);
  await context.close();
});

test('the depth sweep runs without freezing the page and shows the explosion and the cure', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  await page.click('#sweep-run');
  // While it runs, the explorer still answers: a Step lands within a few frames.
  await page.click('#step');
  await page.waitForFunction(() => q('#step-count').textContent === '1');
  await page.waitForFunction(() => q('#sweep-progress').textContent === 'done', null, { timeout: 120000 });
  const m = await page.evaluate(() => Array.from(document.querySelector('gradscope-explorer').sweep.deepestMedians()));
  const [depth, uniform, xavier, he, lecun] = m;
  assert.equal(depth, 50);
  // U(−1, 1) explodes, Xavier and LeCun vanish behind ReLUs, He holds.
  assert.ok(uniform > 1e6 && xavier < 1e-6 && lecun < 1e-6 && he > 1e-4 && he < 10, JSON.stringify(m));
  assert.match(await page.textContent('#sweep-summary'), /At 50 hidden layers/);
  await page.locator('.sweep').screenshot({ path: new URL('../screenshots/sweep.png', import.meta.url).pathname });
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('the initialization race: on the deep wide network U(−1, 1) collapses where Xavier, He and LeCun train', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  assert.equal(await page.isVisible('#width-one-note'), true, 'the one-unit-per-layer exception is said where Initialize is');
  await page.fill('#race-seed', 'x');
  await page.click('#race-run');
  assert.equal(await page.isVisible('#race-error'), true);
  await page.fill('#race-seed', '0');
  await page.click('#race-run');
  assert.equal(await page.isVisible('#race-error'), false);
  await page.waitForFunction(() => !q('#race-progress').textContent.startsWith('racing') && q('#race-progress').textContent !== '',
    null, { timeout: 120000 });
  assert.equal(await page.textContent('#race-outcomes'),
    'Seed 0: U(−1, 1): collapsed (dead ReLUs); Xavier/Glorot uniform: trained; He normal: trained; LeCun normal: trained.');
  await page.locator('.race').screenshot({ path: new URL('../screenshots/race.png', import.meta.url).pathname });
  await page.fill('#layers', '3');
  await page.fill('#width', '8');
  await page.press('#width', 'Enter');
  await page.waitForFunction(() => q('#width-one-note').hidden);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('the network diagram: a clicked edge picks its weight, which can go on the landscape', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500' });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  // The seed network lies on one line: the w3 edge runs between the 3rd and 4th node; click
  // at 5/6 of the way across (columns at 0, 1/3, 2/3, 1 of the inner width).
  const canvas = page.locator('#c-diagram');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const margin = 24;
  const x = margin + (box.width - 2 * margin) * (5 / 6);
  await canvas.click({ position: { x, y: box.height / 2 } });
  await page.waitForFunction(() => !q('#diagram-actions').hidden);
  assert.match(await page.textContent('#diagram-pick'), /Picked w3/);
  await page.click('#pick-x');
  await page.waitForFunction(() => q('#axis-x').selectedOptions[0]?.label === 'w3');
  assert.match(page.url(), /x=w3/);
  // Wide: a click picks a unit's weight and the sliders switch to that unit.
  await page.goto(`${env.server.origin}/index.html?layers=2&width=4&scheme=he-normal&seed=1`);
  await page.waitForFunction(() => document.querySelector('gradscope-explorer')?.idle);
  await canvas.scrollIntoViewIfNeeded();
  const b2 = await canvas.boundingBox();
  // Between the input (column 0) and hidden layer 1 (column 1 of 3): the edge to unit 0. The
  // layout (charts/src/diagram.rs): margin 24 px, 4 rows over the height less 3 margins,
  // centred vertically.
  const col = (b2.width - 2 * margin) / 3;
  const dy = (b2.height - 3 * margin) / 4;
  const top = b2.height / 2 - 1.5 * dy;
  await canvas.click({ position: { x: margin + col / 2, y: (b2.height / 2 + top) / 2 } });
  await page.waitForFunction(() => !q('#diagram-actions').hidden);
  assert.match(await page.textContent('#diagram-pick'), /Picked W1\[\d\]\[0\]/);
  await page.check('#diagram-grads');
  await screenshot(page, 'diagram-wide');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('every preset loads from its button, draws every chart, and is marked with its caption', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  const presets = await page.evaluate(() => document.querySelector('gradscope-explorer').constructor.catalog.presets);
  assert.ok(presets.length >= 15);
  for (const p of presets) {
    await page.click(`button[data-preset="${p.id}"]`);
    await page.waitForFunction((id) => document.querySelector('gradscope-explorer').explorer.preset() === id
      && document.querySelector('gradscope-explorer').idle, p.id);
    assert.equal(await page.textContent('#preset-caption'), p.caption);
    assert.equal(await page.getAttribute(`button[data-preset="${p.id}"]`, 'aria-pressed'), 'true');
    for (const id of ['c-landscape', 'c-overshoot', 'c-loss', 'c-params', 'c-diagram', 'c-layers']) {
      const ink = await page.evaluate((cid) => {
        const c = q(`#${cid}`);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 16) if (d[i + 3] !== 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) n += 1;
        return n;
      }, id);
      assert.ok(ink > 200, `${p.id}: ${id} is drawn`);
    }
    // At step 0 every preset's grid has a finite loss: its heatmap layer shows, placed.
    const heat = await page.evaluate(() => ({
      hidden: q('.heat-clip').hidden,
      placed: document.querySelector('gradscope-explorer').explorer.heatPlacement() !== undefined,
      size: [q('#c-heat').width, q('#c-heat').height],
    }));
    assert.deepEqual([heat.hidden, heat.placed], [false, true], `${p.id}: the heatmap layer shows`);
    assert.ok(heat.size[0] >= 2 && heat.size[1] >= 2, `${p.id}: the layer holds a grid (${heat.size})`);
    await page.locator('.charts').screenshot({ path: new URL(`../screenshots/preset-${p.id}.png`, import.meta.url).pathname });
  }
  // An edit forgets the preset: the mark and the caption go.
  await page.fill('#lr-box', '0.01');
  await page.press('#lr-box', 'Enter');
  await page.waitForFunction(() => q('#preset-caption').textContent === '');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});
