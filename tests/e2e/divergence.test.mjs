import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage, canvasStats, CANVAS_IDS, screenshot, stepCount, playUntil, waitText } from './helpers.mjs';

const env = suite(before, after);

/** Asserts every chart canvas still has a drawing on it. */
async function assertChartsDrawn(page, when) {
  for (const id of CANVAS_IDS) {
    const s = await canvasStats(page, id);
    assert.ok(s.colours >= 5 && s.ink > 500, `${id} is drawn ${when} (${s.colours} colours, ${s.ink} ink)`);
  }
}

/** Types `value` into the number box `id` and presses Enter. */
async function enter(page, id, value) {
  await page.fill(id, value);
  await page.press(id, 'Enter');
}

test('an overflowing run pauses at the step it diverged, says why, keeps the charts; Reset recovers', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  // w3 = −1e300, b3 = 1e300: ∂L/∂w2 carries the factor w3, so the first update sends w2 to
  // ≈ 1e299; at step 1 the logit w3·o2 + b3 ≈ −1e300·1e299 overflows to −∞, and a benign
  // sample's loss max(z, 0) − z·y + ln(1 + e^−|z|) is then ∞·0 = NaN.
  await enter(page, '#w3-box', '-1e300');
  await enter(page, '#b3-box', '1e300');
  await enter(page, '#lr-box', '1');
  await page.click('#play');
  await page.waitForSelector('#banner', { state: 'visible' });
  const message = await page.textContent('#banner');
  assert.match(message, /diverged at step 1: the loss became NaN \(a logit/);
  assert.equal(await page.getAttribute('#banner', 'role'), 'alert');
  assert.equal(await page.textContent('#play'), 'Play', 'training paused itself');
  assert.equal(await stepCount(page), 1);
  await assertChartsDrawn(page, 'after divergence');
  await screenshot(page, 'diverged');
  // Step does nothing while diverged; the banner stays.
  await page.click('#step');
  assert.equal(await stepCount(page), 1);
  assert.equal(await page.isVisible('#banner'), true);
  await page.click('#reset');
  await page.waitForFunction(() => q('#step-count').textContent === '0');
  assert.equal(await page.isVisible('#banner'), false, 'Reset clears the banner');
  await assertChartsDrawn(page, 'after Reset');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('w3 = 500 at α = 10: one huge update kills the ReLUs; numbers stay finite, charts stay drawn', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  await page.click('button[data-preset="w3-500"]');
  await enter(page, '#lr-box', '10');
  await waitText(page, '#lr-shown', '10');
  await page.selectOption('#speed', '100');
  await playUntil(page, 1000);
  assert.equal(await page.isVisible('#banner'), false);
  assert.doesNotMatch(await page.textContent('#loss'), /NaN|∞/);
  await assertChartsDrawn(page, 'after a long run');
  await screenshot(page, 'survived-w3-500');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});
