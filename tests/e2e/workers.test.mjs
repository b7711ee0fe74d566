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

test('a sweep started while the race runs gets workers at once: it finishes before the race does, with the same numbers', async () => {
  const alone = await openPage(env.browser, env.server.origin);
  const expected = await sweepMedians(alone.page);
  await alone.context.close();
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  await page.click('#race-run');
  await page.waitForFunction(() => /racing/.test(q('#race-progress').textContent));
  // Seconds of race jobs are queued now; the sweep's go to the next free worker, not behind them.
  const medians = await sweepMedians(page);
  const race = await page.textContent('#race-progress');
  assert.notEqual(race, 'done', `the sweep should be done before the race; the race shows "${race}" when it is`);
  assert.deepEqual(medians, expected, 'the same networks, whatever order the pool ran them in');
  await page.waitForFunction(() => q('#race-progress').textContent === 'done', null, { timeout: 180000 });
  assert.deepEqual([...log.pageErrors, ...log.console], []);
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
 * Explorer 0's landscape at rest: whether the grid it shows is of this state (θ bit for bit),
 * its points per axis, and whether its numbers are, bit for bit, those landscapeRows gives for
 * that grid computed whole on this thread.
 */
async function landscapeAtRest(page) {
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  return page.evaluate(async () => {
    const { landscapeRows } = await import('/pkg/gradscope_web.js'); // the page's own instance
    const el = document.querySelector('gradscope-explorer');
    const ex = el.explorer;
    const g = ex.landscapeGrid();
    const loss = ex.landscapeGridLoss();
    const here = landscapeRows(g.widths, g.activation, g.params, g.xs, g.ys, g.axes, 0, g.rows);
    const bits = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
    const out = { workers: el.landscapeWorkers, current: bits(g.params, ex.params()), points: [g.axes[3], g.axes[7]], same: bits(loss, here) };
    g.free();
    return out;
  });
}

test('the landscape grids come from workers: at rest the grid shown is the fine grid of this state, bit for bit', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  const atRest = { workers: true, current: true, points: [96, 96], same: true };
  assert.deepEqual(await landscapeAtRest(page), atRest, 'after load');
  // A step, then w1 typed (every layer below the landscape's parameters changes, and the run
  // restarts there), then two steps in quick succession: each time, at rest, this state's grid.
  await page.click('#step');
  assert.deepEqual(await landscapeAtRest(page), atRest, 'after a step');
  const box = page.locator('#param-rows input[type="text"]').first();
  await box.fill('0.73');
  await box.press('Enter');
  assert.deepEqual(await landscapeAtRest(page), atRest, 'after w1 changed');
  await page.click('#step');
  await page.click('#step');
  assert.deepEqual(await landscapeAtRest(page), atRest, 'after two quick steps');
  // A figure exported while a grid is on its way: the landscape still ends at this state's.
  await page.click('#step');
  await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.chartSvg('landscape', 480, 320));
  assert.deepEqual(await landscapeAtRest(page), atRest, 'after an export mid-flight');
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();

  // No Worker: the page computes its grids itself, in bands, and ends at the same.
  const bare = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p2 = await bare.newPage();
  await p2.addInitScript('delete window.Worker;');
  await p2.goto(`${env.server.origin}/index.html`);
  await p2.waitForSelector('body[data-ready="true"]');
  assert.deepEqual(await landscapeAtRest(p2), { ...atRest, workers: false }, 'computed here, in bands');
  await bare.close();
});
