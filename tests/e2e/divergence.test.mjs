import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage, canvasStats, CANVAS_IDS, screenshot, stepCount, playUntil } from './helpers.mjs';

const env = suite(before, after);

/** Asserts every chart canvas still has a drawing on it. */
async function assertChartsDrawn(page, when) {
  for (const id of CANVAS_IDS) {
    const s = await canvasStats(page, id);
    assert.ok(s.colours >= 5 && s.ink > 500, `${id} is drawn ${when} (${s.colours} colours, ${s.ink} ink)`);
  }
}

for (const [preset, lr] of [['w3-500', '10'], ['large-uniform', '10'], ['w3-1000', '1']]) {
  test(`preset ${preset} with α = ${lr}: divergence is shown, the charts stay, Reset recovers`, async () => {
    const { page, context, log } = await openPage(env.browser, env.server.origin);
    await page.click(`button[data-preset="${preset}"]`);
    await page.fill('#lr-box', lr);
    await page.press('#lr-box', 'Enter');
    assert.equal(await page.textContent('#lr-shown'), lr);
    await page.selectOption('#speed', '100');
    await playUntil(page, 2000);
    const steps = await stepCount(page);
    if (await page.isVisible('#banner')) {
      const message = await page.textContent('#banner');
      assert.match(message, /diverged at step \d+/);
      assert.equal(await page.getAttribute('#banner', 'role'), 'alert');
      assert.equal(await page.textContent('#play'), 'Play', 'training paused itself');
      await assertChartsDrawn(page, 'after divergence');
      await screenshot(page, `diverged-${preset}`);
      // Play and Step do nothing while diverged; the banner stays.
      await page.click('#step');
      assert.equal(await stepCount(page), steps);
      assert.equal(await page.isVisible('#banner'), true);
      await page.click('#reset');
      await page.waitForFunction(() => document.querySelector('#step-count').textContent === '0');
      assert.equal(await page.isVisible('#banner'), false, 'Reset clears the banner');
      await assertChartsDrawn(page, 'after Reset');
    } else {
      // It survived: the numbers must still be real numbers and the charts drawn.
      assert.ok(steps >= 2000);
      assert.doesNotMatch(await page.textContent('#loss'), /NaN|∞/);
      await assertChartsDrawn(page, 'after a long run');
      await screenshot(page, `survived-${preset}`);
    }
    assert.deepEqual([...log.pageErrors, ...log.console], []);
    await context.close();
  });
}
