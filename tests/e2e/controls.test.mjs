import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage, canvasStats, screenshot, paramBoxes, waitText } from './helpers.mjs';

const env = suite(before, after);

test('the w3 slider lands on 500 exactly and changes the landscape', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  const land0 = await canvasStats(page, 'c-landscape');
  assert.equal(await page.inputValue('#w3-box'), '1.5');
  // Keyboard drag: End goes to the slider's top (1000); each ArrowLeft is one rung of the
  // 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 ladder: 800, 600, 500.
  await page.focus('#w3-slider');
  await page.keyboard.press('End');
  await page.waitForFunction(() => q('#w3-box').value === '1000');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => q('#w3-box').value === '500');
  // From the healthy start, ArrowRight walks 1.5, 2, 2.5 … and reaches 500 exactly too.
  await page.fill('#w3-box', '1.5');
  await page.press('#w3-box', 'Enter');
  await page.focus('#w3-slider');
  for (let i = 0; i < 25; i += 1) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => q('#w3-box').value === '500');
  // The table follows in the next frame and shows the same w3.
  await page.waitForFunction(() => {
    const cell = q('#param-table tbody tr:nth-child(5) td').textContent;
    return Number(cell.replace('−', '-')) === Number(q('#w3-box').value);
  });
  await waitText(page, '#step-count', '0'); // editing restarts the run
  await page.waitForFunction((h) => {
    const c = q('#c-landscape');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let x = 2166136261;
    for (let i = 0; i < d.length; i += 4) x = Math.imul(x ^ (d[i] + 3 * d[i + 1] + 7 * d[i + 2]), 16777619) >>> 0;
    return x !== h;
  }, land0.hash);
  await screenshot(page, 'w3-500');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('a pointer drag on the w3 slider moves w3 too', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.locator('#w3-slider').scrollIntoViewIfNeeded();
  const box = await page.locator('#w3-slider').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.97, y, { steps: 8 });
  await page.mouse.up();
  const w3 = Number(await page.inputValue('#w3-box'));
  assert.ok(w3 > 100, `w3 went up the log scale to ${w3}`);
  await context.close();
});

test('the learning-rate slider changes the displayed learning rate', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  assert.equal(await page.inputValue('#lr-box'), '0.5');
  await page.focus('#lr-slider');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => q('#lr-box').value === '0.0001');
  await waitText(page, '#lr-shown', '1e−4');
  for (let i = 0; i < 100; i += 1) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => q('#lr-box').value === '0.001');
  await waitText(page, '#lr-shown', '0.001');
  assert.match(page.url(), /lr=0\.001/);
  await context.close();
});

test('typing exact values: the number box sets the parameter exactly', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.fill('#w3-box', '123.456789');
  await page.press('#w3-box', 'Enter');
  await page.waitForFunction(() => q('#param-table tbody tr:nth-child(5) td').textContent === '123.46');
  assert.match(page.url(), /w3=123\.456789/);
  await page.fill('#lr-box', '−0.5');
  await page.press('#lr-box', 'Enter');
  assert.equal(await page.isVisible('#lr-error'), true, 'a negative learning rate is refused');
  await waitText(page, '#lr-shown', '0.5');
  await context.close();
});

test('"abc" and "1e999" in a parameter box show an error next to it and change nothing', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  const before = await paramBoxes(page);
  const tableBefore = await page.textContent('#param-table tbody');
  for (const bad of ['abc', '1e999', '', 'Infinity', 'NaN', '1e-400']) {
    await page.fill('#w1-box', bad);
    await page.press('#w1-box', 'Enter');
    assert.equal(await page.isVisible('#w1-error'), true, `error shown for "${bad}"`);
    const msg = await page.textContent('#w1-error');
    assert.ok(msg.length > 5, `a message for "${bad}": ${msg}`);
    assert.equal(await page.getAttribute('#w1-error', 'role'), 'alert');
    assert.equal(await page.textContent('#param-table tbody'), tableBefore, `params unchanged after "${bad}"`);
    if (bad === 'abc') await screenshot(page, 'bad-input');
  }
  assert.match(await page.textContent('#w1-error'), /small/);
  // Leaving the box keeps the refused text and its message (which says what is in force).
  await page.fill('#w1-box', '1e999');
  await page.press('#w1-box', 'Enter');
  assert.match(await page.textContent('#w1-error'), /too large/);
  await page.press('#w1-box', 'Tab');
  assert.deepEqual(await paramBoxes(page), ['1e999', ...before.slice(1)]);
  assert.match(await page.textContent('#w1-error'), new RegExp(`Still ${before[0]}`));
  await page.fill('#w1-box', '0.7');
  await page.press('#w1-box', 'Enter');
  assert.equal(await page.isVisible('#w1-error'), false, 'a valid entry clears the message');
  assert.equal(await page.inputValue('#w1-box'), '0.7');
  // Escape abandons an edit: the box shows the current value again and nothing changes.
  await page.fill('#w1-box', '123');
  await page.press('#w1-box', 'Escape');
  assert.equal(await page.inputValue('#w1-box'), '0.7');
  // Any finite value is accepted, however large.
  await page.fill('#w2-box', '2e6');
  await page.press('#w2-box', 'Enter');
  assert.equal(await page.isVisible('#w2-error'), false);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('bad seed, scale, clip threshold and sample index are refused next to their boxes', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  const cases = [
    ['#seed', '-3', '#seed-error'], ['#seed', '1.5', '#seed-error'], ['#scale', 'abc', '#scale-error'],
    ['#clip-box', '0', '#clip-error'], ['#sample', '569', '#sample-error'], ['#sample', 'x', '#sample-error'],
  ];
  for (const [box, text, error] of cases) {
    await page.fill(box, text);
    await page.press(box, 'Enter');
    assert.equal(await page.isVisible(error), true, `${box} refuses "${text}"`);
  }
  // A scale the scheme cannot use is refused as soon as it is entered, next to the scale box.
  const params = await page.textContent('#param-table tbody');
  await page.fill('#scale', '-2');
  await page.press('#scale', 'Enter');
  assert.equal(await page.isVisible('#scale-error'), true);
  assert.match(await page.textContent('#scale-error'), /above 0/);
  assert.equal(await page.textContent('#param-table tbody'), params, 'nothing changed');
  await page.fill('#sample', '568');
  await page.press('#sample', 'Enter');
  assert.equal(await page.isVisible('#sample-error'), false);
  assert.notEqual(await page.textContent('#sample-x'), '–');
  assert.match(await page.textContent('#sample-y'), /^[01]$/);
  await page.click('#new-seed');
  assert.match(await page.inputValue('#seed'), /^\d+$/);
  assert.equal(await page.isVisible('#seed-error'), false);
  await context.close();
});

test('clipping can be switched on and shows its threshold', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.fill('#clip-box', '0.25');
  await page.press('#clip-box', 'Enter');
  await page.check('#clip-on');
  await waitText(page, '#clip-shown', /0\.25/);
  assert.match(page.url(), /clip=0\.25/);
  await page.uncheck('#clip-on');
  await waitText(page, '#clip-shown', 'off');
  await context.close();
});

test('the landscape axes and the overshoot parameter can be any parameters', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  const land0 = await canvasStats(page, 'c-landscape');
  await page.selectOption('#axis-x', { label: 'w1' });
  await page.selectOption('#axis-y', { label: 'b1' });
  await page.selectOption('#overshoot-param', { label: 'b2' });
  // Choosing the other axis's parameter swaps the axes.
  await page.selectOption('#axis-x', { label: 'b1' });
  assert.equal(await page.$eval('#axis-y', (s) => s.selectedOptions[0].label), 'w1');
  await page.waitForFunction(() => !/x=w3/.test(window.location.search));
  assert.match(page.url(), /x=b1&y=w1&overshoot=b2/);
  const land1 = await canvasStats(page, 'c-landscape');
  assert.notEqual(land1.hash, land0.hash);
  await screenshot(page, 'axes-b1-w1');
  await context.close();
});
