// The race and the depth sweep run in Web Workers: the same numbers as on the page's own thread
// (where there are no workers), each explorer of a page with its own workers, none left running
// once the element is removed, and blob: workers in the standalone file opened from disk.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite, openPage, WWW } from './helpers.mjs';

const env = suite(before, after);
const STANDALONE = path.resolve(WWW, '../dist/gradscope.html');

/** Starts explorer n's sweep and resolves with its medians at the deepest depth once done. */
async function sweepMedians(page, n = 0) {
  await page.evaluate((host) => q('#sweep-run', host).click(), n);
  await page.waitForFunction((host) => q('#sweep-progress', host).textContent === 'done', n, { timeout: 180000 });
  return page.evaluate((host) => Array.from(document.querySelectorAll('gradscope-explorer')[host].sweep.deepestMedians()), n);
}

/** Explorer n's pool: whether it uses workers, and how many it runs now. */
function pool(page, n = 0) {
  return page.evaluate((host) => {
    const { jobs } = document.querySelectorAll('gradscope-explorer')[host];
    return jobs === undefined ? null : { usesWorkers: jobs.usesWorkers, workers: jobs.workers.length };
  }, n);
}

test('with and without workers the sweep gives the same numbers; with them it ran off the page thread', async () => {
  const served = await openPage(env.browser, env.server.origin);
  const withWorkers = await sweepMedians(served.page);
  // One worker per logical core, at least two (the sweep has 68 slices: enough for all).
  const cores = await served.page.evaluate(() => Math.max(2, navigator.hardwareConcurrency));
  assert.deepEqual(await pool(served.page), { usesWorkers: true, workers: cores });
  assert.deepEqual([...served.log.pageErrors, ...served.log.console], []);
  await served.context.close();

  // No Worker at all: the pool falls back to slices per frame on the page's thread.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(`window.q = (sel, n = 0) => document.querySelectorAll('gradscope-explorer')[n]?.shadowRoot?.querySelector(sel) ?? null;
    delete window.Worker;`);
  await page.goto(`${env.server.origin}/index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.evaluate(() => typeof Worker), 'undefined');
  const without = await sweepMedians(page);
  assert.deepEqual(await pool(page), { usesWorkers: false, workers: 0 });
  // Bit for bit: the same networks, whichever thread computed them.
  assert.deepEqual(without, withWorkers);
  const [depth, uniform, xavier, he, lecun] = withWorkers;
  assert.equal(depth, 50);
  assert.ok(uniform > 1e6 && xavier < 1e-6 && lecun < 1e-6 && he > 1e-4 && he < 10, JSON.stringify(withWorkers));
  await context.close();
});

test('removing the element ends its workers; put back, its sweep finishes with the same numbers', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  const reference = await sweepMedians(page);
  await page.click('#sweep-run');
  await page.waitForFunction(() => /^[1-9]\d* % done$/.test(q('#sweep-progress').textContent));
  await page.evaluate(() => {
    const el = document.querySelector('gradscope-explorer');
    window.parked = { el, parent: el.parentNode, next: el.nextSibling };
    el.remove();
  });
  const parked = await page.evaluate(() => ({
    left: document.querySelectorAll('gradscope-explorer').length,
    workers: window.parked.el.jobs.workers.length,
    busy: window.parked.el.jobs.busy('sweep'),
  }));
  assert.deepEqual(parked, { left: 0, workers: 0, busy: true }, 'no worker runs; the jobs wait');
  await page.evaluate(() => window.parked.parent.insertBefore(window.parked.el, window.parked.next));
  await page.waitForFunction(() => q('#sweep-progress').textContent === 'done', null, { timeout: 180000 });
  const again = await page.evaluate(() => Array.from(document.querySelector('gradscope-explorer').sweep.deepestMedians()));
  assert.deepEqual(again, reference);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('two explorers on one page each run their own race on their own workers', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin,
    { path: 'examples/course-notes.html', viewport: { width: 1280, height: 8000 } });
  await page.waitForFunction(() => [...document.querySelectorAll('gradscope-explorer')].every((e) => e.idle), null, { timeout: 60000 });
  for (const n of [0, 1]) {
    await page.evaluate(([host, seed]) => {
      q('#race-seed', host).value = String(seed);
      q('#race-run', host).click();
    }, [n, n === 0 ? 0 : 1]);
  }
  const raced = (n) => page.waitForFunction((host) => q('#race-progress', host).textContent.startsWith('counting')
    || q('#race-progress', host).textContent === 'done', n, { timeout: 180000 });
  await Promise.all([raced(0), raced(1)]);
  const outcomes = await page.evaluate(() => [0, 1].map((n) => q('#race-outcomes', n).textContent));
  assert.equal(outcomes[0], 'Seed 0: U(−1, 1): collapsed (dead ReLUs); Xavier/Glorot uniform: trained; He normal: trained; LeCun normal: trained.');
  // Seed 1 is the one seed of the first four on which U(−1, 1) trains (race.rs's tests).
  assert.equal(outcomes[1], 'Seed 1: U(−1, 1): trained; Xavier/Glorot uniform: trained; He normal: trained; LeCun normal: trained.');
  for (const n of [0, 1]) assert.equal((await pool(page, n)).usesWorkers, true);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('the standalone file from disk runs the sweep in blob: workers under its policy, fetching nothing', async () => {
  assert.ok(existsSync(STANDALONE), 'make standalone wrote dist/gradscope.html');
  const url = pathToFileURL(STANDALONE).href;
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const routed = [];
  await context.route('**/*', (route) => {
    routed.push(route.request().url());
    return route.request().url() === url ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  await page.addInitScript(`window.q = (sel, n = 0) => document.querySelectorAll('gradscope-explorer')[n]?.shadowRoot?.querySelector(sel) ?? null;
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));`);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  const m = await sweepMedians(page);
  assert.equal((await pool(page)).usesWorkers, true, 'blob: workers ran it');
  assert.equal(m[0], 50);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  assert.deepEqual(routed.filter((u) => !u.startsWith('blob:')), [url], 'nothing but the file itself was requested');
  await context.close();
});

/**
 * How many bytes of explorer 0's landscape canvas, at rest, differ from the picture the handle
 * draws on this thread once its grid is computed whole here (0: the same picture, bit for bit).
 */
async function landscapeDiffersFromInThread(page) {
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  return page.evaluate(() => {
    const el = document.querySelector('gradscope-explorer');
    const c = el.canvases.landscape;
    const pixels = () => c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const shown = pixels();
    el.explorer.setLandscapeBudget(0); // whole grids, here: the grid shown is dropped
    el.explorer.drawLandscape(c, window.devicePixelRatio || 1, false);
    const here = pixels();
    if (el.landscapeWorkers) el.explorer.useLandscapeWorkers();
    else el.explorer.setLandscapeBudget(12);
    let differ = 0;
    for (let i = 0; i < here.length; i += 1) differ += here[i] !== shown[i];
    return differ;
  });
}

test('the landscape grids come from workers: at rest the picture is the fine grid of this state, bit for bit', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  assert.equal(await landscapeDiffersFromInThread(page), 0, 'after load');
  assert.equal(await page.evaluate(() => document.querySelector('gradscope-explorer').landscapeWorkers), true);
  // A step, then w1 typed (every layer below the landscape's parameters changes, and the run
  // restarts there), then two steps: each time the picture at rest is the one drawn here.
  await page.click('#step');
  assert.equal(await landscapeDiffersFromInThread(page), 0, 'after a step');
  const box = page.locator('#param-rows input[type="text"]').first();
  await box.fill('0.73');
  await box.press('Enter');
  assert.equal(await landscapeDiffersFromInThread(page), 0, 'after w1 changed');
  for (let i = 0; i < 2; i += 1) await page.click('#step');
  assert.equal(await landscapeDiffersFromInThread(page), 0, 'after two more steps');
  assert.equal(await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.landscapePending()), false);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();

  // No Worker: the page computes its grids itself, in bands, and shows the same.
  const bare = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p2 = await bare.newPage();
  await p2.addInitScript('delete window.Worker;');
  await p2.goto(`${env.server.origin}/index.html`);
  await p2.waitForSelector('body[data-ready="true"]');
  assert.equal(await landscapeDiffersFromInThread(p2), 0, 'computed here, in bands');
  assert.equal(await p2.evaluate(() => document.querySelector('gradscope-explorer').landscapeWorkers), false);
  await bare.close();
});
