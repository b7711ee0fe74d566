import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage, paramBoxes } from './helpers.mjs';

const env = suite(before, after);

test('a shared link restores the preset, then its overrides', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin,
    { query: '?preset=w3-500&lr=0.01&x=w1&y=b3&slice=b1&sample=42' });
  assert.equal(await page.inputValue('#w3-box'), '500');
  assert.equal(await page.inputValue('#b3-box'), '-600');
  assert.equal(await page.inputValue('#lr-box'), '0.01');
  assert.equal(await page.$eval('#axis-x', (s) => s.selectedOptions[0].label), 'w1');
  assert.equal(await page.$eval('#axis-y', (s) => s.selectedOptions[0].label), 'b3');
  assert.equal(await page.$eval('#overshoot-param', (s) => s.selectedOptions[0].label), 'b1');
  assert.equal(await page.inputValue('#sample'), '42');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('changing a setting writes it to the URL, and that URL reproduces the state', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.click('button[data-preset="he"]');
  assert.match(page.url(), /\?preset=he&/);
  await page.fill('#b2-box', '0.125');
  await page.press('#b2-box', 'Enter');
  const url = page.url();
  assert.doesNotMatch(url, /preset=/, 'an edited preset is written out in full');
  assert.match(url, /scheme=he-normal/);
  assert.match(url, /b2=0\.125/);
  const boxes = await paramBoxes(page);
  const lr = await page.inputValue('#lr-box');
  const start = await page.evaluate(() => Array.from(document.querySelector('gradscope-explorer').explorer.startParams()));
  const again = await openPage(env.browser, env.server.origin, { query: new URL(url).search });
  assert.deepEqual(await paramBoxes(again.page), boxes);
  // Every bit of θ₀ comes back (He draws weights with 17 significant digits).
  assert.deepEqual(await again.page.evaluate(() => Array.from(document.querySelector('gradscope-explorer').explorer.startParams())), start);
  assert.equal(await again.page.inputValue('#lr-box'), lr);
  assert.equal(await again.page.inputValue('#scheme'), 'he-normal');
  await again.context.close();
  await context.close();
});

test('a plain visit is the healthy preset, and says so in the URL', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  assert.match(page.url(), /\?preset=healthy&x=w3&y=b3&sample=0$/);
  await context.close();
});

test('malformed URL values are ignored, not fatal', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin,
    { query: '?preset=nope&lr=abc&w3=1e999&x=w9&seed=-1&sample=99999&clip=-1' });
  assert.equal(await page.inputValue('#w3-box'), '1.5');
  assert.equal(await page.inputValue('#lr-box'), '0.5');
  assert.equal(await page.isHidden('#boot-error'), true);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('a preset added in presets.rs (LeCun) has a button, a link and an attribute value', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=lecun' });
  assert.equal(await page.inputValue('#scheme'), 'lecun-normal');
  assert.equal(await page.inputValue('#seed'), '2');
  assert.match(await page.textContent('#preset-caption'), /LeCun/);
  await page.click('button[data-preset="healthy"]');
  await page.click('button[data-preset="lecun"]');
  assert.match(page.url(), /\?preset=lecun&/);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('unknown and invalid link keys are named in a notice, and the rest still applies', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin,
    { query: '?preset=w3-500&lr=abc&colour=red&w3=1e-400' });
  const notice = await page.textContent('#notice');
  assert.match(notice, /lr="abc"/);
  assert.match(notice, /colour=red/);
  assert.match(notice, /w3="1e-400": .*too small/);
  assert.equal(await page.inputValue('#w3-box'), '500');
  assert.equal(await page.inputValue('#lr-box'), '0.003');
  await context.close();
});

test('dragging a slider writes the link once, when it is let go, with the value it was let go at', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  // The page's own address (page.url() follows replaceState only after a delay).
  const href = () => page.evaluate(() => window.location.href);
  const before = await href();
  const slider = page.locator('#param-rows input[type="range"]').first();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.5, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i += 1) {
    await page.mouse.move(box.x + box.width * (0.5 - 0.04 * i), y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  }
  const moved = await page.inputValue('#w1-box');
  assert.notEqual(moved, '0.5', 'the drag moved w1');
  assert.equal(await href(), before, 'the address bar keeps its link while the slider is held');
  await page.mouse.up();
  assert.equal(new URL(await href()).searchParams.get('w1'), moved, 'let go: the link has the value let go at');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});
