// The README's table of bad inputs, each a test: the message appears at the control (or in the
// notice, for a link), names the problem, and the state is unchanged.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage } from './helpers.mjs';

const env = suite(before, after);

/** What a bad input must leave alone: θ, α, the step count, the shape and the data size. */
const state = (page) => page.evaluate(() => {
  const { explorer: ex } = document.querySelector('gradscope-explorer');
  return { params: Array.from(ex.params()), lr: ex.learningRate(), step: ex.stepCount(),
    widths: ex.shape().widths, samples: ex.sampleCount() };
});

test('bad links: each key named in the notice, the rest of the link applied, no markup made', async () => {
  const links = [
    ['lr=1e9', /lr="1e9": the learning rate must be between/],
    ['lr=-1', /lr="-1": the learning rate must be between/],
    ['lr=NaN', /lr="NaN": “NaN” is not a number/],
    ['layers=0', /layers="0": Enter a whole number from 1 to 50/],
    ['layers=1000', /layers="1000": Enter a whole number from 1 to 50/],
    ['w3=1e999', /w3="1e999": 1e999 is too large to represent/],
    ['w3=1e-400', /w3="1e-400": 1e-400 is too small to represent/],
    ['preset=%3Cscript%3Ealert(1)%3C/script%3E', /preset="<script>alert\(1\)<\/script>": there is no preset called/],
    ['%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1', /<img src=x onerror=alert\(1\)>=1: not a setting this page knows/],
  ];
  for (const [pair, message] of links) {
    // A bad preset is the link's own start: the explorer keeps its default one then.
    const base = pair.startsWith('preset=') ? '?w3=500' : '?preset=w3-500';
    const { page, context, log } = await openPage(env.browser, env.server.origin, { query: `${base}&${pair}` });
    assert.match(await page.textContent('#notice'), message, pair);
    assert.equal(await page.inputValue('#w3-box'), '500', `${pair}: the rest of the link applied`);
    assert.equal(await page.evaluate(() => document.querySelector('gradscope-explorer').shadowRoot.querySelectorAll('script, img').length), 0);
    assert.deepEqual([...log.pageErrors, ...log.console], [], pair);
    await context.close();
  }
});

test('bad CSV files: the line and the reason beside the input, and the data in use unchanged', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  const files = [
    ['text.csv', 'x,y\n0.5,1\nabc,0\n', /line 3.*number/],
    ['missing.csv', 'x,y\n0.5\n', /line 2/],
    ['label.csv', 'x,y\n0.5,1\n1,2\n', /line 3.*0 or 1/],
    ['empty.csv', '', /no data rows|empty/],
    ['oneclass.csv', 'x,y\n0.5,1\n1,1\n', /one class|both/],
    ['commas.csv', 'x;y\n0,5;1\n1,5;0\n', /line/],
    ['junk.csv', 'x,y\n'.padEnd(10_000_000, '1;x'), /more than 10000 rows/],
  ];
  const before = await state(page);
  for (const [name, text, message] of files) {
    await page.setInputFiles('#csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction((n) => q('#csv-error').textContent.includes(n), name);
    assert.match(await page.textContent('#csv-error'), message, name);
    assert.match(await page.textContent('#csv-error'), /did not change|Nothing changed/, name);
    assert.deepEqual(await state(page), before, `${name} changed nothing`);
  }
  // A million rows: refused by size before it is read.
  const million = `x,y\n${'0.5,1\n'.repeat(1_000_000)}`;
  await page.setInputFiles('#csv-file', { name: 'million.csv', mimeType: 'text/csv', buffer: Buffer.from(million) });
  await page.waitForFunction(() => q('#csv-error').textContent.includes('million.csv'));
  assert.deepEqual(await state(page), before);
  // Fixed: the message goes.
  await page.click('.own-data summary');
  await page.fill('#csv-text', 'x,y\n0.5,1\n-1,0\n');
  await page.click('#csv-load');
  await page.waitForSelector('#csv-error', { state: 'hidden' });
  assert.equal((await state(page)).samples, 2);
  await context.close();
});

test('bad numbers in the boxes: the message at the box, the state unchanged', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  const before = await state(page);
  const cases = [
    ['#lr-box', '1e9', '#lr-error', /between/], ['#lr-box', '-0.5', '#lr-error', /between/],
    ['#lr-box', '', '#lr-error', /Enter a number/], ['#layers', '0', '#shape-error', /1 to 50/],
    ['#layers', '1000', '#shape-error', /1 to 50/], ['#width', '2.5', '#shape-error', /whole number/],
    ['#clip-box', '-1', '#clip-error', /./], ['#sample', '-1', '#sample-error', /0 to 568/],
  ];
  for (const [box, text, error, message] of cases) {
    await page.fill(box, text);
    await page.press(box, 'Enter');
    assert.match(await page.textContent(error), message, `${box} "${text}"`);
    assert.deepEqual(await state(page), before, `${box} "${text}" changed nothing`);
    // The refused box is marked, and points at its message (what a screen reader reads out).
    assert.equal(await page.getAttribute(box, 'aria-invalid'), 'true', `${box} is marked invalid`);
    assert.ok((await page.getAttribute(box, 'aria-describedby')).split(' ').includes(error.slice(1)), `${box} is described by ${error}`);
    await page.press(box, 'Escape');
    assert.equal(await page.isHidden(error), true, `${box}: Escape clears the message`);
    assert.equal(await page.getAttribute(box, 'aria-invalid'), null, `${box}: Escape clears the mark`);
  }
  // The race's seed is checked as it is entered, like the other boxes, not only on Race.
  await page.fill('#race-seed', 'abc');
  await page.press('#race-seed', 'Enter');
  assert.match(await page.textContent('#race-error'), /not a number/);
  assert.equal(await page.getAttribute('#race-seed', 'aria-invalid'), 'true');
  await page.fill('#race-seed', '7');
  await page.press('#race-seed', 'Enter');
  assert.equal(await page.isHidden('#race-error'), true, 'a fixed seed clears the message');
  assert.equal(await page.getAttribute('#race-seed', 'aria-invalid'), null);
  await context.close();
});
