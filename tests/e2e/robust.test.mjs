import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage } from './helpers.mjs';

const env = suite(before, after);

test('refused text keeps its message until fixed or abandoned, and the state stays', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  const w3 = () => page.evaluate(() => document.querySelector('gradscope-explorer').explorer.params()[4]);
  await page.fill('#w3-box', 'abc');
  await page.press('#w3-box', 'Tab');
  assert.equal(await page.inputValue('#w3-box'), 'abc', 'the refused text stays where it was typed');
  assert.match(await page.textContent('#w3-error'), /“abc” is not a number\. Still 1\.5; Esc restores it\./);
  assert.equal(await w3(), 1.5);
  // Fixed: the message goes.
  await page.fill('#w3-box', '2');
  await page.press('#w3-box', 'Enter');
  assert.equal(await page.isHidden('#w3-error'), true);
  assert.equal(await w3(), 2);
  // Abandoned with Escape: the box shows the value in force and the message goes.
  await page.fill('#w3-box', '1e999');
  await page.press('#w3-box', 'Enter');
  assert.equal(await page.isVisible('#w3-error'), true);
  await page.focus('#w3-box');
  await page.press('#w3-box', 'Escape');
  assert.equal(await page.isHidden('#w3-error'), true);
  assert.equal(await page.inputValue('#w3-box'), '2');
  // Another change (a preset) also clears it.
  await page.fill('#scale', '-3');
  await page.press('#scale', 'Enter');
  assert.equal(await page.isVisible('#scale-error'), true);
  await page.click('button[data-preset="w3-500"]');
  assert.equal(await page.isHidden('#scale-error'), true);
  await context.close();
});

test('a learning rate beyond the slider says so beside it', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.fill('#lr-box', '1000');
  await page.press('#lr-box', 'Enter');
  await page.waitForSelector('#lr-note:not([hidden])');
  assert.match(await page.textContent('#lr-note'), /1000 is beyond the slider's range \(0\.0001 to 10\)/);
  assert.equal(await page.inputValue('#lr-slider'), '1');
  await page.fill('#lr-box', '0.5');
  await page.press('#lr-box', 'Enter');
  await page.waitForSelector('#lr-note', { state: 'hidden' });
  await context.close();
});

test('a start that diverges at step 0 is not a trap: Reset goes back to one that does not', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  for (const [box, v] of [['#w3-box', '-1e308'], ['#b3-box', '1e308']]) {
    await page.fill(box, v);
    await page.press(box, 'Enter');
  }
  await page.waitForSelector('#banner:not([hidden])');
  assert.match(await page.textContent('#banner'), /diverges before any step: Reset goes back/);
  await page.click('#reset');
  await page.waitForSelector('#banner', { state: 'hidden' });
  assert.equal(await page.isVisible('#reset-note'), true);
  assert.equal(await page.inputValue('#w3-box'), '1.5');
  await page.click('#step');
  assert.equal(await page.isHidden('#reset-note'), true);
  await context.close();
});

test('the page asks nothing of any origin but its own', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500&steps=5' });
  await page.click('#step');
  await page.selectOption('#figure-chart', 'landscape');
  await Promise.all([page.waitForEvent('download'), page.click('#figure-svg')]);
  const foreign = log.requests.filter((u) => !u.startsWith(`${env.server.origin}/`) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, []);
  assert.ok(log.requests.some((u) => u.endsWith('.wasm')), 'the requests were seen');
  await context.close();
});

test('at 390 px nothing makes the page scroll sideways, and the charts come right after Play', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { viewport: { width: 390, height: 844 } });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
  const play = await page.$eval('#play', (e) => e.getBoundingClientRect().bottom);
  const land = await page.$eval('#c-landscape', (e) => e.getBoundingClientRect().top);
  assert.ok(play < 844 && land < 844, `Play (${play}) and the landscape (${land}) are on the first screen`);
  assert.ok(land > play, 'the landscape follows the training controls');
  await context.close();
});

test('a run whose loss stops moving says so in a live region', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  // Labels that x cannot predict: gradient descent settles at ŷ = 1/2, L = ln 2.
  await page.click('.own-data summary');
  await page.fill('#csv-text', 'x,y\n0,0\n0,1\n1,0\n1,1\n');
  await page.click('#csv-load');
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').explorer.sampleCount() === 4);
  assert.equal(await page.isHidden('#converged'), true);
  await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.step(20000));
  await page.click('#step');
  await page.waitForSelector('#converged:not([hidden])');
  assert.equal(await page.getAttribute('#converged', 'role'), 'status');
  assert.match(await page.textContent('#converged'), /Converged by step 20001.*L = 0\.693147/);
  await context.close();
});
