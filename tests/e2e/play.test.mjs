import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage, canvasStats, screenshot, stepCount, pause, playUntil, readShown } from './helpers.mjs';

const env = suite(before, after);

test('Play trains: the step counter rises and the loss chart and landscape change', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  const loss0 = await canvasStats(page, 'c-loss');
  const land0 = await canvasStats(page, 'c-landscape');
  assert.equal(await stepCount(page), 0);
  assert.equal(await page.textContent('#play'), 'Play');
  await page.click('#play');
  assert.equal(await page.textContent('#play'), 'Pause');
  await page.waitForFunction(() => Number(q('#step-count').textContent) >= 40);
  await pause(page);
  // The paused frame redraws the landscape on its fine grid.
  await page.waitForFunction(() => q('#play').textContent === 'Play');
  const loss1 = await canvasStats(page, 'c-loss');
  const land1 = await canvasStats(page, 'c-landscape');
  assert.notEqual(loss1.hash, loss0.hash, 'the loss chart changed');
  assert.notEqual(land1.hash, land0.hash, 'the landscape changed');
  assert.ok(loss1.ink > loss0.ink, 'the loss chart gained a curve');
  assert.ok(await stepCount(page) >= 40);
  await screenshot(page, 'play-healthy');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('Step runs exactly one step and Reset returns to step 0 with the start parameters', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  const w1 = await page.inputValue('#w1-box');
  await page.click('#step');
  await page.waitForFunction(() => q('#step-count').textContent === '1');
  await page.click('#step');
  await page.waitForFunction(() => q('#step-count').textContent === '2');
  assert.notEqual(await page.inputValue('#w1-box'), w1, 'w1 moved');
  await page.click('#reset');
  await page.waitForFunction(() => q('#step-count').textContent === '0');
  assert.equal(await page.inputValue('#w1-box'), w1);
  await context.close();
});

test('the He preset trains: the loss goes down', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  await page.click('button[data-preset="he"]');
  assert.equal(await page.inputValue('#scheme'), 'he-normal');
  assert.equal(await stepCount(page), 0);
  const before = readShown(await page.textContent('#loss'));
  await page.selectOption('#speed', '10');
  await playUntil(page, 200);
  assert.equal(await page.isHidden('#banner'), true, 'no divergence');
  const afterLoss = readShown(await page.textContent('#loss'));
  assert.ok(Number.isFinite(before) && Number.isFinite(afterLoss));
  assert.ok(afterLoss < before, `loss fell from ${before} to ${afterLoss}`);
  await screenshot(page, 'play-he');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('He initialization chosen by hand trains well below the constant predictor', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.selectOption('#scheme', 'he-normal');
  // Seed 2 draws w1, w2 > 0, so both ReLUs are alive (many seeds kill one at the start).
  await page.fill('#seed', '2');
  await page.press('#seed', 'Enter');
  await page.click('#initialize');
  await page.waitForFunction(() => q('#step-count').textContent === '0');
  const before = readShown(await page.textContent('#loss'));
  await page.selectOption('#speed', '10');
  await playUntil(page, 200);
  const afterLoss = readShown(await page.textContent('#loss'));
  assert.ok(afterLoss < before, `loss fell from ${before} to ${afterLoss}`);
  // Predicting the class frequency for everyone scores 0.6603; a trained network does better.
  assert.ok(afterLoss < 0.45, `the network learned (loss ${afterLoss})`);
  assert.match(page.url(), /scheme=he-normal/);
  assert.match(page.url(), /seed=2/);
  await screenshot(page, 'play-he-seed2');
  await context.close();
});

test('a frame of play on the largest network does no work for what it does not show: no rebuilt shape, no numbers of a chart out of view', async () => {
  // 50 hidden layers of 32 units: 51 777 parameters. The handle's shape() names every one; the
  // layer chart's numbers are a forward pass over all 569 samples. Either, every frame, cost
  // more than the frame's steps (frames of about a second; Pause took seconds to register).
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?layers=50&width=32' });
  await page.evaluate(() => {
    const el = document.querySelector('gradscope-explorer');
    const ex = el.explorer;
    window.__calls = { shape: 0, layerNumbers: 0, frames: 0 };
    for (const k of ['shape', 'layerNumbers']) {
      const f = ex[k].bind(ex);
      // Counted in the frames of play only (Pause writes the link, which reads the shape once).
      ex[k] = (...a) => { if (el.playing) window.__calls[k] += 1; return f(...a); };
    }
    const frame = el.frame;
    el.frame = function counted() { if (this.playing) window.__calls.frames += 1; frame.call(this); };
    q('#c-layers').scrollIntoView(); // the layer chart in view, the landscape not
    window.scrollTo(0, 0); // and back: now the layer chart is out of view
  });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  const inView = await page.evaluate(() => {
    const r = q('#c-layers').getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
  assert.equal(inView, false, 'the test needs the layer chart out of view');
  await page.evaluate(() => { window.__calls.shape = 0; window.__calls.layerNumbers = 0; });
  await page.click('#play');
  await page.waitForFunction(() => window.__calls.frames >= 5, null, { timeout: 60000 });
  await pause(page);
  const calls = await page.evaluate(() => window.__calls);
  assert.equal(calls.shape, 0, `shape() was called ${calls.shape} times in ${calls.frames} frames of play`);
  assert.equal(calls.layerNumbers, 0, `layerNumbers() was called ${calls.layerNumbers} times with the layer chart out of view`);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

/**
 * Installs, in the page, a record of every frame of explorer 0 (window.__frames): whether it
 * was training, whether the parameter table's value and gradient columns and the sample's ŷ
 * showed that frame's numbers, and whether the table was in view.
 */
async function recordFrames(page) {
  await page.evaluate(async () => {
    const { formatNumber } = await import('/format.js');
    const el = document.querySelector('gradscope-explorer');
    window.__frames = [];
    const frame = el.frame;
    el.frame = function recorded() {
      frame.call(this);
      const ex = this.explorer;
      const [params, grads] = [ex.params(), ex.grads()];
      const table = [...this.cells].every(([i, [value, grad]]) => value.textContent === formatNumber(params[i])
        && grad.textContent === formatNumber(grads[i]));
      const sample = q('#sample-yhat').textContent === formatNumber(ex.prediction());
      window.__frames.push({
        t: performance.now(), training: this.playing || this.replayTarget !== undefined, current: table && sample,
        shown: q('#param-table').getBoundingClientRect().top < window.innerHeight,
      });
    };
  });
}

test('while training, the panels of numbers out of view follow a few times a second, in view every frame, and all of them after Pause', async () => {
  // At 1280 × 800 the parameter table, the sample and the chain-rule cards are below the fold.
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  await recordFrames(page);
  const top = await page.evaluate(() => q('#param-table').getBoundingClientRect().top);
  assert.ok(top > 800, `the test needs the table out of view (its top is at ${top})`);
  await page.click('#play');
  await page.waitForFunction(() => window.__frames.filter((f) => f.training).length >= 30, null, { timeout: 60000 });
  const away = await page.evaluate(() => window.__frames.splice(0).filter((f) => f.training));
  const span = away[away.length - 1].t - away[0].t;
  const refreshed = away.filter((f) => f.current).length;
  assert.ok(refreshed >= 1, 'out of view the table still follows, now and then');
  assert.ok(refreshed <= span / 250 + 2, `out of view: ${refreshed} of ${away.length} frames refreshed the table in ${span.toFixed(0)} ms`);
  assert.ok(refreshed < away.length, 'out of view not every frame refreshes it');
  // In view: every frame.
  await page.evaluate(() => q('#param-table').scrollIntoView({ block: 'center' }));
  await page.waitForFunction(() => window.__frames.filter((f) => f.shown).length >= 5);
  await page.evaluate(() => window.__frames.splice(0));
  await page.waitForFunction(() => window.__frames.length >= 20, null, { timeout: 60000 });
  const near = await page.evaluate(() => window.__frames.splice(0));
  assert.deepEqual(near.filter((f) => !f.current), [], 'in view, every frame of play shows that frame\'s numbers');
  // Out of view again, with no refresh falling due by the clock: the first frame after Pause
  // brings everything up to date, the chain-rule cards too.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => window.__frames.some((f) => !f.shown));
  await page.evaluate(() => { document.querySelector('gradscope-explorer').offScreenDue = Infinity; });
  await pause(page);
  await page.waitForFunction(() => window.__frames.some((f) => !f.training));
  const rest = await page.evaluate(() => window.__frames.find((f) => !f.training));
  assert.equal(rest.current, true, 'the first frame after Pause shows the numbers of the state it paused at');
  const chain = await page.evaluate(async () => {
    const { formatNumber } = await import('/format.js');
    const el = document.querySelector('gradscope-explorer');
    const vals = [...q('#chain-factors').querySelectorAll('.val')].map((v) => v.textContent);
    const c = el.explorer.chainRule(el.chainParam);
    return c.factors.length > 0 && c.factors.every((f, i) => vals[i] === formatNumber(f.value));
  });
  assert.equal(chain, true, 'the chain-rule cards show the paused state');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('the frame that ends a link\'s replay shows every panel\'s numbers, out of view too', async () => {
  // A long replay (about a second of frames); from its first frame on no refresh of the panels
  // out of view falls due by the clock, so only the frame that ends it can bring them up to date.
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?steps=200000' });
  await page.evaluate(() => { document.querySelector('gradscope-explorer').offScreenDue = Infinity; });
  await recordFrames(page);
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle, null, { timeout: 60000 });
  const frames = await page.evaluate(() => window.__frames);
  const last = frames[frames.length - 1];
  assert.equal(await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.stepCount()), 200000);
  assert.equal(last.shown, false, 'the test needs the table out of view');
  assert.equal(last.current, true, 'after the replay the table and the sample show its last state');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('a frame of play stops stepping once its time is up: Pause answers on the largest network at 500 steps a frame', async () => {
  // 50 hidden layers of 32 units take ≈ 30 ms a step here: 500 steps in one frame held the page
  // for ≈ 15 s, and the Pause click with it (a break-tester's finding).
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?layers=50&width=32&speed=500' });
  await page.click('#play');
  await page.waitForFunction(() => Number(q('#step-count').textContent) >= 1, null, { timeout: 30000 });
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').explorer !== undefined);
  const steps = await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.stepCount());
  assert.ok(steps >= 1 && steps < 500, `paused after ${steps} steps, not after a whole frame of 500`);
  assert.equal(await page.textContent('#play'), 'Play', 'paused');
  await context.close();
});
