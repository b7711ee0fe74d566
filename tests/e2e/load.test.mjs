import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openPage, canvasStats, CANVAS_IDS, screenshot } from './helpers.mjs';

const env = suite(before, after);

test('the page loads without errors and requests nothing but the local server', async () => {
  const { page, context, log } = await openPage(env.browser, env.server.origin);
  await screenshot(page, 'load-1280');
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.console, []);
  assert.ok(log.requests.length >= 3, 'the page, its modules and the wasm were requested');
  for (const url of log.requests) {
    assert.ok(url.startsWith(`${env.server.origin}/`), `unexpected request ${url}`);
  }
  assert.ok(log.requests.some((u) => u.endsWith('.wasm')));
  await context.close();
});

test('all four charts are drawn, at 1280, 1920 and 800 pixels wide', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }, { width: 800, height: 900 }]) {
    const { page, context, log } = await openPage(env.browser, env.server.origin, { viewport });
    for (const id of CANVAS_IDS) {
      const s = await canvasStats(page, id);
      assert.ok(s.width > 200 && s.height > 150, `${id} has a real size at ${viewport.width}px: ${s.width}×${s.height}`);
      assert.ok(s.colours >= 5, `${id} has several colours at ${viewport.width}px (${s.colours})`);
      assert.ok(s.ink > 500, `${id} has ink at ${viewport.width}px (${s.ink} pixels)`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at ${viewport.width}px (overflow ${overflow}px)`);
    await screenshot(page, `charts-${viewport.width}`);
    assert.deepEqual([...log.pageErrors, ...log.console], []);
    await context.close();
  }
});

test('the first frame waits for the explorer\'s stylesheet: every chart is drawn at its styled size', async () => {
  // explorer.css held back until the element is defined and its module has started it: a frame
  // drawn then would size the charts for the unstyled page (300 × 150 canvases).
  const context = await env.browser.newContext({ viewport: { width: 800, height: 900 } });
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route('**/explorer.css', async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  await page.addInitScript(`document.addEventListener('gradscope-ready', (e) => {
    const dpr = window.devicePixelRatio || 1;
    window.__atReady = Object.values(e.target.canvases).filter((c) => c.clientWidth > 0)
      .map((c) => ({ id: c.id, backing: [c.width, c.height], wanted: [Math.round(c.clientWidth * dpr), Math.round(c.clientHeight * dpr)] }));
  }, { once: true });`);
  await page.goto(`${env.server.origin}/index.html`);
  await page.waitForFunction(() => customElements.get('gradscope-explorer') !== undefined);
  assert.equal(await page.evaluate(() => document.querySelector('gradscope-explorer').hasAttribute('ready')), false,
    'no frame while the stylesheet is held back');
  release();
  await page.waitForFunction(() => window.__atReady !== undefined);
  const atReady = await page.evaluate(() => window.__atReady);
  assert.ok(atReady.length >= 6, JSON.stringify(atReady));
  for (const c of atReady) {
    assert.deepEqual(c.backing, c.wanted, `${c.id} is drawn at its styled size`);
    assert.notDeepEqual(c.backing, [300, 150], `${c.id} is not the unstyled canvas`);
  }
  await context.close();
});

test('the teaching panel and the data attribution are on the page', async () => {
  const { page, context } = await openPage(env.browser, env.server.origin);
  assert.ok(await page.locator('.teach math').count() >= 5);
  const foot = await page.textContent('footer');
  assert.match(foot, /Breast Cancer Wisconsin \(Diagnostic\)/);
  assert.match(foot, /10\.24432\/C5DW2B/);
  assert.match(foot, /CC BY 4\.0/);
  await context.close();
});

test('the lesson waits for the module, and shows without JavaScript and when the explorer cannot start', async () => {
  // Loading (the wasm held back): hidden until the element is defined, then slotted beside the charts.
  const slow = await env.browser.newContext();
  let release;
  const held = new Promise((r) => { release = r; });
  await slow.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  const loading = await slow.newPage();
  await loading.goto(`${env.server.origin}/index.html`);
  await loading.waitForSelector('.boot-note');
  assert.equal(await loading.locator('.teach').isVisible(), false, 'hidden while the module loads');
  release();
  await loading.waitForSelector('body[data-ready="true"]');
  assert.ok(await loading.locator('.teach').isVisible(), 'the lesson shows once the explorer runs');
  await slow.close();
  // A module that does not load: from-disk.js says so and the lesson shows.
  const missing = await env.browser.newContext();
  await missing.route('**/chain-panel.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const gone = await missing.newPage();
  await gone.goto(`${env.server.origin}/index.html`);
  await gone.waitForFunction(() => /scripts did not load/.test(document.querySelector('.boot-note')?.textContent ?? ''));
  assert.ok(await gone.locator('.teach').isVisible(), 'the lesson shows when the modules did not load');
  await missing.close();
  // No JavaScript: noscript.css shows it as plain text.
  const off = await env.browser.newContext({ javaScriptEnabled: false });
  const still = await off.newPage();
  await still.goto(`${env.server.origin}/index.html`);
  await still.waitForLoadState('load');
  assert.ok(await still.locator('.teach').isVisible(), 'the lesson shows without JavaScript');
  assert.ok(await still.locator('.teach math').first().isVisible());
  await off.close();
  // The wasm refused: the boot note says so and the lesson shows.
  const failing = await env.browser.newContext();
  await failing.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const broken = await failing.newPage();
  await broken.goto(`${env.server.origin}/index.html`);
  await broken.waitForFunction(() => /could not start/.test(document.querySelector('.boot-note')?.textContent ?? ''));
  assert.ok(await broken.locator('.teach').isVisible(), 'the lesson shows when the explorer cannot start');
  await failing.close();
});

test('when the element says it is ready every chart is drawn, in view or not', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Read the canvases in the ready event itself (dispatched at the end of the first frame).
  await page.addInitScript(`document.addEventListener('gradscope-ready', (e) => {
    window.__atReady = Object.values(e.target.canvases).map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4 * 7) ink += d[i + 3] !== 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250);
      return { id: c.id, sized: c.width !== 300 || c.height !== 150, ink: ink > 50 };
    });
  }, { once: true });`);
  await page.goto(`${env.server.origin}/index.html?preset=w3-1000&steps=50`);
  await page.waitForFunction(() => window.__atReady !== undefined);
  const charts = await page.evaluate(() => window.__atReady);
  for (const c of charts) assert.deepEqual(c, { id: c.id, sized: true, ink: true }, `${c.id} at ready`);
  await context.close();
});
