import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite, openPage, stepCount, pause } from './helpers.mjs';

const env = suite(before, after);
const README = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** The page's query as [key, value] pairs, decoded. */
function pairsOf(url) {
  return [...new URL(url).searchParams];
}

const handle = (page) => page.evaluate(() => ({
  params: Array.from(document.querySelector('gradscope-explorer').explorer.params()),
  step: document.querySelector('gradscope-explorer').explorer.stepCount(),
}));

test('every link key written by the page reads back to the same state and the same link', async () => {
  const links = [
    // Shape, data, init, training and every view and layout key.
    '?layers=3&width=4&activation=tanh&data=threshold&scheme=he-normal&scale=0.5&seed=7&lr=0.01&clip=2.5'
      + '&x=W2[0][1]&y=W4[0][2]&overshoot=W1[3][0]&hold=0&sample=3&speed=5&hide=speed,sigmoid'
      + '&panels=training,landscape,loss,chain&embed=1&steps=12',
    // A one-unit-per-layer network given weight by weight (exact decimal and binary fractions).
    '?w1=0.25&b1=-0.125&w2=1.5&b2=0&w3=-3&b3=1e-5&lr=0.2&steps=3',
  ];
  for (const link of links) {
    const { page, context, log } = await openPage(env.browser, env.server.origin, { query: link });
    const written = new Map(pairsOf(page.url()));
    for (const [k, v] of new URLSearchParams(link)) {
      // Numbers come back as the shortest text of the same double (1e-5 may read 0.00001).
      const same = written.get(k) === v || (v.trim() !== '' && Number(written.get(k)) === Number(v));
      assert.ok(same, `${k}=${v} comes back as ${k}=${written.get(k)}`);
    }
    assert.equal(await page.isHidden('#notice'), true, 'a valid link raises no notice');
    const state = await handle(page);
    const again = await openPage(env.browser, env.server.origin, { query: new URL(page.url()).search });
    assert.equal(again.page.url(), page.url(), 'the written link is a fixed point');
    assert.deepEqual(await handle(again.page), state, 'the same parameters, bit for bit, at the same step');
    assert.deepEqual([...log.pageErrors, ...log.console], []);
    await again.context.close();
    await context.close();
  }
});

test('the README lists every link key', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  const names = await page.evaluate(() => customElements.get('gradscope-explorer').table.entries.map((e) => e.name));
  const table = README.slice(README.indexOf('## Links'));
  for (const name of names) {
    // w1, b1, …, wL, bL share one row, which starts with `w1`.
    const key = /^[wb]\d+$/.test(name) ? 'w1' : name;
    assert.match(table, new RegExp(`^\\| [^|]*\`${key.replace(/[-[\]]/g, '\\$&')}\``, 'm'), `README's link table has a row for ${name}`);
  }
  await context.close();
});

test('invalid layout and replay values are named, and change nothing', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin,
    { query: '?preset=w3-500&steps=1.5&hide=bogus&panels=nope&embed=2&data=own' });
  const notice = await page.textContent('#notice');
  for (const part of ['steps="1.5"', 'hide="bogus"', 'panels="nope"', 'embed="2"', 'data="own"']) {
    assert.ok(notice.includes(part), `the notice names ${part}: ${notice}`);
  }
  assert.equal(await stepCount(page), 0);
  assert.equal(await page.inputValue('#w3-box'), '500');
  assert.equal(await page.isVisible('#c-overshoot'), true);
  assert.equal(await page.isVisible('#speed'), true);
  await context.close();
});

test('steps=N reopens the trained state: the same θ as pressing Step N times', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500' });
  for (let i = 0; i < 10; i += 1) await page.click('#step');
  await page.waitForFunction(() => Number(q('#step-count').textContent) === 10);
  const stepped = await handle(page);
  await page.click('#copy-link');
  const link = await page.inputValue('#link-text');
  assert.match(link, /[?&]steps=10(&|$)/);
  assert.match(await page.textContent('#link-restores'), /replays the 10 steps/);
  const replayed = await openPage(env.browser, env.server.origin, { query: new URL(link).search });
  await replayed.page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  assert.deepEqual(await handle(replayed.page), stepped);
  // The loss oscillates over those steps, which is what the link is for.
  const losses = await replayed.page.evaluate(() => Array.from(document.querySelector('gradscope-explorer').explorer.history().loss));
  assert.ok(losses.some((l, i) => i > 0 && l > losses[i - 1]), `the loss rises at some step: ${losses}`);
  // A learning rate changed in mid-run is named: the replay would not retrace the run.
  await page.fill('#lr-box', '0.001');
  await page.press('#lr-box', 'Enter');
  await page.click('#copy-link');
  assert.match(await page.textContent('#link-restores'), /changed at step 10/);
  await replayed.context.close();
  await context.close();
});

test('hide= and panels= leave out what they name', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin,
    { query: '?preset=w3-500&panels=landscape,loss&hide=status' });
  assert.equal(await page.isVisible('#c-landscape'), true);
  assert.equal(await page.isVisible('#c-loss'), true);
  for (const sel of ['#c-overshoot', '#c-params', '#play', '#chain-param', '.status', '#param-table']) {
    assert.equal(await page.isHidden(sel), true, `${sel} is hidden`);
  }
  // With no control panel left the charts take the whole width.
  const box = await page.$eval('#c-landscape', (c) => c.getBoundingClientRect().left);
  assert.ok(box < 100, `the landscape starts at the left (x = ${box})`);
  await context.close();
});

test('embed=1 fits the charts and the training controls in a 600 × 400 frame', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin,
    { query: '?preset=w3-500&embed=1', viewport: { width: 600, height: 400 } });
  for (const sel of ['#c-landscape', '#c-loss', '#play', '#lr-box', '#step-count']) {
    const r = await page.$eval(sel, (e) => { const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, right: b.right }; });
    assert.ok(r.top >= 0 && r.bottom <= 400 && r.right <= 600, `${sel} is inside the frame: ${JSON.stringify(r)}`);
  }
  assert.equal(await page.isHidden('header.top'), true);
  assert.deepEqual([...log.pageErrors, ...log.console], []);
  await context.close();
});

test('the page trains inside <iframe sandbox="allow-scripts">', async () => {
  const context = await env.browser.newContext({ viewport: { width: 700, height: 500 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setContent(`<iframe sandbox="allow-scripts" width="600" height="400"
    src="${env.server.origin}/index.html?preset=w3-500&embed=1"></iframe>`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await frame.click('#step');
  await frame.click('#step');
  await frame.waitForFunction(() => document.querySelector('gradscope-explorer').shadowRoot.querySelector('#step-count').textContent === '2');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the history downloads as CSV and JSON with the handle\'s numbers, and a chart as PNG and SVG', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500&steps=25' });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  const read = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: readFileSync(file) };
  };
  const truth = await page.evaluate(() => {
    const ex = document.querySelector('gradscope-explorer').explorer;
    const h = ex.history();
    return { names: h.names, steps: Array.from(h.steps), loss: Array.from(h.loss), params: Array.from(h.params),
      grads: Array.from(h.grads), now: Array.from(ex.grads()), gradNorm: Array.from(h.gradNorm) };
  });
  const p = truth.names.length;
  const csv = await read('#history-csv');
  assert.equal(csv.name, 'gradscope-history-step25.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  assert.deepEqual(lines[0].split(','), ['step', 'loss', ...truth.names, ...truth.names.map((n) => `grad_${n}`), 'grad_norm']);
  assert.equal(lines.length - 1, 26, 'steps 0 … 25');
  assert.doesNotMatch(csv.bytes.toString('utf8'), /\u2212/, 'ASCII minus signs only');
  for (let k = 0; k < 26; k += 1) {
    const row = lines[k + 1].split(',').map(Number);
    assert.equal(row[0], k);
    assert.equal(row[1], truth.loss[k]);
    assert.deepEqual(row.slice(2, 2 + p), truth.params.slice(k * p, (k + 1) * p));
    assert.deepEqual(row.slice(2 + p, 2 + 2 * p), truth.grads.slice(k * p, (k + 1) * p));
    assert.equal(row[2 + 2 * p], truth.gradNorm[k]);
  }
  // The recomputed gradient of the last row is the trainer's own, bit for bit.
  assert.deepEqual(lines[26].split(',').slice(2 + p, 2 + 2 * p).map(Number), truth.now);
  const json = JSON.parse((await read('#history-json')).bytes.toString('utf8'));
  assert.deepEqual(json.param_names, truth.names);
  assert.equal(json.records.length, 26);
  assert.equal(json.records[25].loss, truth.loss[25]);
  assert.deepEqual(json.records[25].grads, truth.now);

  await page.selectOption('#figure-chart', 'loss');
  const png = await read('#figure-png');
  assert.equal(png.name, 'gradscope-loss-step25.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG signature');
  const size = await page.$eval('#c-loss', (c) => [c.width, c.height]);
  assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], size, 'the canvas\'s pixel size');
  // SVG: drawn again by the same chart code; its marks and text are there, as text.
  const svg = (await read('#figure-svg')).bytes.toString('utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<text[^>]*>\s*Loss vs step\s*<\/text>/);
  assert.match(svg, /<(polyline|path)\b/);
  assert.ok(svg.trim().endsWith('</svg>'));
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { error: doc.querySelector('parsererror') !== null, texts: doc.querySelectorAll('text').length };
  }, svg);
  assert.equal(parsed.error, false, 'well-formed XML');
  assert.ok(parsed.texts > 5, `${parsed.texts} text elements`);
  assert.deepEqual(log.console, [], 'no CSP violation or error while drawing the figure');
  await context.close();
});

test('own CSV data trains through the core\'s parser; a bad file names its line and changes nothing', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n0.5,1\nabc,0\n') });
  await page.waitForSelector('#csv-error:not([hidden])');
  assert.match(await page.textContent('#csv-error'), /bad\.csv: .*line 3/);
  assert.equal(await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.sampleCount()), 569);
  const rows = [[0.5, 1], [-1, 0], [2, 1], [0.25, 0]];
  await page.setInputFiles('#csv-file', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(`x,y\n${rows.map((r) => r.join(',')).join('\n')}\n`) });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').explorer.sampleCount() === 4);
  assert.equal(await page.isHidden('#csv-error'), true, 'the error goes once a good file is loaded');
  assert.match(await page.textContent('#csv-status'), /4 samples from mine\.csv/);
  // The loss is the mean binary cross-entropy of the seed network on those four rows, by hand.
  const { params, loss } = await page.evaluate(() => {
    const ex = document.querySelector('gradscope-explorer').explorer;
    return { params: Array.from(ex.params()), loss: ex.loss() };
  });
  const [w1, b1, w2, b2, w3, b3] = params;
  const relu = (z) => Math.max(0, z);
  const bce = rows.map(([x, y]) => {
    const z = w3 * relu(w2 * relu(w1 * x + b1) + b2) + b3;
    const p = 1 / (1 + Math.exp(-z));
    return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  });
  assert.ok(Math.abs(loss - bce.reduce((a, b) => a + b) / 4) < 1e-12, `loss ${loss}`);
  await page.click('#copy-link');
  assert.doesNotMatch(await page.inputValue('#link-text'), /data=/);
  assert.match(await page.textContent('#link-restores'), /own data cannot travel/);
  await context.close();
});

test('a link reads numbers as the boxes do: +.5e1 is 5, the hash is read too', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?lr=+.5e1#preset=w3-500&sample=7' });
  assert.equal(await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.learningRate()), 5);
  assert.equal(await page.inputValue('#w3-box'), '500');
  assert.equal(await page.inputValue('#sample'), '7');
  assert.equal(await page.isHidden('#notice'), true);
  await context.close();
});

test('hide= names single buttons, and a layout that would show nothing is refused', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin,
    { query: '?preset=w3-500&hide=play,reset&panels=training,loss' });
  assert.equal(await page.isVisible('#step'), true, 'Step stays for the students');
  assert.equal(await page.isHidden('#play'), true);
  assert.equal(await page.isHidden('#reset'), true);
  // The loss chart, alone, starts at the left of the charts, not in the landscape's empty place.
  const charts = await page.$eval('.charts', (c) => c.getBoundingClientRect().left);
  const loss = await page.$eval('#c-loss', (c) => c.getBoundingClientRect().left);
  assert.ok(loss - charts < 20, `the loss chart moved into the first place (${loss - charts} px in)`);
  const empty = await openPage(env.browser, env.server.origin, { query: '?panels=landscape&hide=landscape,landscpe' });
  const notice = await empty.page.textContent('#notice');
  assert.match(notice, /“landscpe” is not a panel or control name/);
  assert.equal(await empty.page.isVisible('#c-landscape'), true, 'the refused hide= left the landscape shown');
  await empty.context.close();
  const nothing = await openPage(env.browser, env.server.origin, { query: '?panels=landscape&hide=landscape' });
  assert.match(await nothing.page.textContent('#notice'), /(hide|panels)="landscape": that would leave nothing to show/);
  // hide= applied alone; the panels= that would have emptied the explorer did not.
  assert.equal(await nothing.page.isVisible('#c-overshoot'), true);
  await nothing.context.close();
  await context.close();
});

test('the note on loaded rows goes when other data is chosen', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.click('.own-data summary');
  await page.fill('#csv-text', 'x,y\n0.5,1\n-1,0\n');
  await page.click('#csv-load');
  await page.waitForSelector('#csv-status:not([hidden])');
  const builtin = await page.evaluate(() => customElements.get('gradscope-explorer').catalog.datasets[0].id);
  await page.selectOption('#dataset', builtin);
  await page.waitForSelector('#csv-status', { state: 'hidden' });
  assert.equal(await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.sampleCount()), 569);
  await context.close();
});

test('Play, Step and Reset end a link\'s replay where it is, and its note goes', async () => {
  // 10⁶ steps take seconds to replay: each button is pressed while it runs.
  const replaying = async (page) => page.evaluate(() => document.querySelector('gradscope-explorer').replayTarget !== undefined);
  const note = (page) => page.evaluate(() => q('#replay').hidden);
  for (const button of ['#play', '#step', '#reset']) {
    const { page, context, log } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500&steps=1000000' });
    await page.waitForFunction(() => Number(q('#step-count').textContent) > 0 && !q('#replay').hidden);
    assert.equal(await replaying(page), true, `${button}: the test needs the replay running`);
    assert.match(await page.textContent('#replay'), /Play, Step or Reset takes over from here/, 'the note says how to stop it');
    await page.click(button);
    if (button === '#play') await pause(page);
    await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle, null, { timeout: 60000 });
    const ex = () => page.evaluate(() => document.querySelector('gradscope-explorer').explorer.stepCount());
    const at = await ex();
    assert.equal(await replaying(page), false, `${button} ends the replay`);
    assert.equal(await note(page), true, `${button}: the replay's note goes`);
    assert.ok(at < 1000000, `${button}: the replay stopped where it was (step ${at})`);
    if (button === '#reset') assert.equal(at, 0);
    // Nothing carries on by itself afterwards.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await ex(), at, `${button}: no step after it`);
    assert.deepEqual([...log.pageErrors, ...log.console], []);
    await context.close();
  }
});

test('the share box follows the state once a link has been written into it', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.click('#step');
  await page.click('#copy-link');
  assert.match(await page.inputValue('#link-text'), /steps=1(&|$)/);
  await page.click('#step');
  await page.click('#step');
  await page.waitForFunction(() => /steps=3(&|$)/.test(q('#link-text').value));
  assert.match(await page.textContent('#link-restores'), /replays the 3 steps/);
  await context.close();
});

test('a link of any length names what it could not use without widening the page or burying the charts', async () => {
  const long = 'a'.repeat(20000);
  const unknown = Array.from({ length: 300 }, (_, i) => `k${i}=1`).join('&');
  for (const [viewport, query] of [[{ width: 1280, height: 800 }, `?x=${long}`], [{ width: 390, height: 844 }, `?seed=${'9'.repeat(60)}`],
    [{ width: 1280, height: 800 }, `?${unknown}`]]) {
    const { page, context, log } = await openPage(env.browser, env.server.origin, { query, viewport });
    const shown = await page.evaluate(() => {
      const n = q('#notice');
      return { hidden: n.hidden, text: n.textContent, height: n.getBoundingClientRect().height, width: document.documentElement.scrollWidth };
    });
    assert.equal(shown.hidden, false, `${query.slice(0, 30)}: the notice shows`);
    assert.equal(shown.width, viewport.width, `${query.slice(0, 30)}: the page is ${shown.width} px wide`);
    assert.ok(shown.height < 200, `${query.slice(0, 30)}: the notice is ${shown.height} px tall`);
    assert.ok(shown.text.length < 2000, `${query.slice(0, 30)}: ${shown.text.length} characters`);
    if (query.startsWith('?k0')) assert.match(shown.text, /and 292 more/);
    if (query.startsWith('?x=')) assert.match(shown.text, /a{30,40}…/);
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  }
});

test('a link shows the same landscape frame and colour scale however its replay was drawn', async () => {
  // The held frame and scale used to come from whichever replayed state a frame drew first, so
  // one link gave different pictures from one load to the next (found by a tester: a colour
  // bar of ≤ 2.37–224 on one load, ≤ 1.45–224 on another). An animated replay draws many of
  // its states; one under reduced motion draws only the last: both must end on one picture.
  const link = '?preset=w3-500&steps=40';
  const svgOf = async (contextOptions) => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
    const page = await context.newPage();
    await page.goto(`${env.server.origin}/index.html${link}`);
    await page.waitForFunction(() => document.querySelector('gradscope-explorer')?.idle, null, { timeout: 60000 });
    const svg = await page.evaluate(() => document.querySelector('gradscope-explorer').explorer.chartSvg('landscape', 600, 500));
    await context.close();
    // The axes' ticks and the colour bar's ends, in document order.
    return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].trim());
  };
  const animated = await svgOf({});
  const still = await svgOf({ reducedMotion: 'reduce' });
  assert.ok(animated.includes('loss') && animated.includes('224'), `a colour bar up to 224: ${animated}`);
  assert.deepEqual(animated, still);
});
