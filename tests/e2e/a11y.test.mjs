import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { suite, openPage, screenshot } from './helpers.mjs';

const env = suite(before, after);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.x A/AA rules on the whole page (open shadow roots included). */
async function violations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  });
}

test('axe-core finds no WCAG A/AA violation on any preset, with every panel open, in both themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const context = await env.browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${env.server.origin}/index.html`);
    await page.waitForFunction(() => document.querySelector('gradscope-explorer')?.idle);
    const presets = await page.evaluate(() => customElements.get('gradscope-explorer').catalog.presets.map((p) => p.id));
    for (const id of presets) {
      await page.click(`button[data-preset="${id}"]`);
      await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
      assert.deepEqual(await violations(page), [], `preset ${id}, ${colorScheme}`);
    }
    await context.close();
  }
});

test('screens from 360 px to 3840 px: no sideways scroll, Play and the landscape on the first screen', async () => {
  for (const [width, height] of [[360, 740], [1280, 800], [3840, 2160]]) {
    const { page, context } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500&steps=20', viewport: { width, height } });
    await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, `${width} px`);
    for (const sel of ['#play', '#c-landscape']) {
      const top = await page.$eval(sel, (e) => e.getBoundingClientRect().top);
      assert.ok(top < height, `${sel} starts on the first screen at ${width} px (top ${top})`);
    }
    await screenshot(page, `screen-${width}`);
    await context.close();
  }
});

test('axe-core finds no violation in the embed and phone layouts, or with own data loaded', async () => {
  for (const [query, viewport] of [['?preset=w3-500&embed=1', { width: 600, height: 400 }],
    ['?preset=deep-diverge&steps=10', { width: 390, height: 844 }]]) {
    const { page, context } = await openPage(env.browser, env.server.origin, { query, viewport });
    await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
    assert.deepEqual(await violations(page), [], query);
    await context.close();
  }
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n') });
  await page.waitForSelector('#csv-error:not([hidden])');
  assert.deepEqual(await violations(page), [], 'with a CSV error showing');
  await context.close();
});

test('the dark theme follows the system and passes the same rules', async () => {
  const context = await env.browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/index.html?preset=w3-500&steps=3`);
  await page.waitForFunction(() => document.querySelector('gradscope-explorer')?.idle);
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('gradscope-explorer')).backgroundColor);
  assert.equal(bg, 'rgb(18, 22, 28)', 'the element is dark');
  assert.deepEqual(await violations(page), [], 'dark theme');
  await page.fill('#w3-box', 'abc');
  await page.press('#w3-box', 'Enter');
  assert.deepEqual(await violations(page), [], 'dark theme with an error showing');
  await context.close();
});

test('a skip link jumps past the controls to the charts, and focus is always visible', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement.shadowRoot?.activeElement ?? document.activeElement;
    return { text: a.textContent, outline: getComputedStyle(a).outlineStyle };
  });
  assert.match(first.text, /Skip to the charts/);
  assert.notEqual(first.outline, 'none', 'the focused skip link shows a focus ring');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => document.querySelector('gradscope-explorer').shadowRoot.activeElement?.closest('.view') !== null);
  assert.equal(next, true, 'after the skip link, Tab lands in the charts and numbers');
  await context.close();
});

test('each main chart\'s accessible name says what it shows now', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin, { query: '?preset=w3-500&steps=5' });
  await page.waitForFunction(() => document.querySelector('gradscope-explorer').idle);
  const { labels, loss, w2 } = await page.evaluate(() => {
    const el = document.querySelector('gradscope-explorer');
    const labels = Object.fromEntries(['landscape', 'loss', 'overshoot', 'params'].map((n) => [n, q(`#c-${n}`).getAttribute('aria-label')]));
    return { labels, loss: el.explorer.loss(), w2: el.explorer.params()[2] };
  });
  assert.match(labels.landscape, /over w2 and b2/);
  assert.match(labels.landscape, new RegExp(`w2 = ${w2.toPrecision(4).replace(/\.?0+$/, '').replace('.', '\\.')}`));
  assert.match(labels.loss, new RegExp(`${loss.toPrecision(4).replace('.', '\\.')} at step 5`));
  assert.match(labels.overshoot, /overshoots|lands|short|rises|falls/);
  assert.match(labels.params, /w1 = /);
  await context.close();
});

test('with reduced motion a link\'s replay is not animated: one drawing at the end', async () => {
  const context = await env.browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.lossDraws = [];
    const watch = () => {
      const el = document.querySelector('gradscope-explorer');
      if (el?.explorer === undefined) { requestAnimationFrame(watch); return; }
      const draw = el.explorer.drawLoss.bind(el.explorer);
      el.explorer.drawLoss = (...args) => { window.lossDraws.push(el.explorer.stepCount()); return draw(...args); };
    };
    requestAnimationFrame(watch);
  });
  await page.goto(`${env.server.origin}/index.html?preset=deep-explode&steps=3000`);
  await page.waitForFunction(() => document.querySelector('gradscope-explorer')?.idle, null, { timeout: 60000 });
  const draws = await page.evaluate(() => window.lossDraws);
  const during = draws.filter((s) => s > 0 && s < 3000);
  assert.deepEqual(during, [], `no frame drawn mid-replay (drawn at steps ${[...new Set(draws)]})`);
  assert.ok(draws.includes(3000));
  await context.close();
});
