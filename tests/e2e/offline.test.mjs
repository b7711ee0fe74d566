// Offline: dist/gradscope.html (made by `make standalone`) opened from disk with every other
// request aborted trains and draws under its strict Content-Security-Policy; www/index.html
// opened from disk says what to do instead; the served pages break none of their own policy.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite, canvasStats, CANVAS_IDS, screenshot, stepCount, readShown, waitForChartsDrawn, WWW } from './helpers.mjs';

const STANDALONE = path.resolve(WWW, '../dist/gradscope.html');
const env = suite(before, after);

/** Records CSP violations from the start of every document (they bubble out of shadow roots). */
const WATCH_CSP = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation',
    (e) => window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
  window.explorerRoot = (n = 0) => document.querySelectorAll('gradscope-explorer')[n]?.shadowRoot;
  window.q = (sel, n = 0) => window.explorerRoot(n)?.querySelector(sel) ?? null;
  window.canvases = (n = 0) => [...(window.explorerRoot(n)?.querySelectorAll('canvas') ?? [])];
`;

/**
 * Opens `url` in a fresh context. With `onlyItself`, every request but the page itself is
 * aborted. Records every request attempted (as routed and as the page saw it), console errors
 * and warnings, and page errors.
 */
async function open(url, { onlyItself = false, height = 800 } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height } });
  const log = { routed: [], requests: [], console: [], pageErrors: [] };
  await context.route('**/*', (route) => {
    const asked = route.request().url();
    log.routed.push(asked);
    return onlyItself && asked !== url ? route.abort() : route.continue();
  });
  const page = await context.newPage();
  await page.addInitScript(WATCH_CSP);
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.text().startsWith('Canvas2D: Multiple readback operations')) return;
    if (m.type() === 'error' || m.type() === 'warning') log.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  await page.goto(url);
  return { page, context, log };
}

/** Everything that went wrong on the page: errors, console complaints, CSP violations. */
async function problems(page, log) {
  return [...log.pageErrors, ...log.console, ...await page.evaluate(() => window.__violations)];
}

test('dist/gradscope.html is one file with a strict policy: hashes, no unsafe-inline or unsafe-eval', () => {
  assert.ok(existsSync(STANDALONE), 'make standalone wrote dist/gradscope.html');
  const html = readFileSync(STANDALONE, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(csp, 'the file carries a Content-Security-Policy');
  assert.match(csp, /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]{43}=' 'wasm-unsafe-eval'; style-src 'sha256-[A-Za-z0-9+/]{43}='; worker-src blob:; img-src data: blob:; object-src 'none'; base-uri 'none'$/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|'self'/);
  assert.doesNotMatch(html, /<script[^>]*\ssrc=|<link rel="stylesheet"/, 'no script or stylesheet is loaded from elsewhere');
});

test('the standalone file from disk, with every other request aborted, trains and draws', async () => {
  const url = pathToFileURL(STANDALONE).href;
  const { page, context, log } = await open(url, { onlyItself: true });
  await page.waitForSelector('body[data-ready="true"]');
  await waitForChartsDrawn(page);
  assert.equal(await stepCount(page), 0);
  const loss0 = readShown(await page.textContent('#loss'));
  const before = await Promise.all(CANVAS_IDS.map((id) => canvasStats(page, id)));
  await page.click('#play');
  await page.waitForFunction(() => Number(q('#step-count').textContent) >= 30);
  await page.click('#play');
  await page.waitForFunction(() => q('#play').textContent === 'Play');
  assert.ok(await stepCount(page) >= 30, 'Play ran steps');
  const loss1 = readShown(await page.textContent('#loss'));
  assert.ok(loss1 < loss0, `the loss went down (${loss0} → ${loss1})`);
  for (const [i, id] of CANVAS_IDS.entries()) {
    const s = await canvasStats(page, id);
    assert.ok(s.ink > 500 && s.colours >= 5, `${id} is drawn (${s.ink} pixels of ink, ${s.colours} colours)`);
    if (id === 'c-loss') assert.notEqual(s.hash, before[i].hash, 'the loss chart changed');
  }
  // explorer.css reached the shadow root (adopted): the Play button has its accent border.
  const playBorder = await page.evaluate(() => getComputedStyle(q('#play')).borderTopColor);
  assert.equal(playBorder, 'rgb(36, 88, 198)');
  await screenshot(page, 'standalone-file');
  assert.deepEqual(log.routed, [url], 'nothing but the file itself was requested');
  assert.deepEqual(log.requests, [url], 'nothing but the file itself was requested');
  assert.deepEqual(await problems(page, log), []);
  await context.close();
});

test('www/index.html from disk says what to do; served, it does not', async () => {
  const { page, context, log } = await open(pathToFileURL(path.join(WWW, 'index.html')).href);
  const note = page.locator('gradscope-explorer .boot-note');
  await note.waitFor();
  await page.waitForFunction(() => document.querySelector('.boot-note.from-disk'));
  const text = await note.textContent();
  assert.match(text, /^Opened from disk: browsers block the page’s modules here\. Run make serve, or open dist\/gradscope\.html \(made by make standalone\), which works offline\.$/);
  assert.ok(await note.isVisible());
  assert.ok(await page.locator('.teach').isVisible(), 'the lesson text still shows');
  await screenshot(page, 'index-from-disk');
  // The modules were refused (file:// has no origin to share them with); nothing else went wrong.
  assert.ok(log.pageErrors.length === 0);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await context.close();

  const served = await open(`${env.server.origin}/index.html`);
  await served.page.waitForSelector('body[data-ready="true"]');
  assert.equal(await served.page.locator('.from-disk').count(), 0);
  assert.equal(await served.page.locator('gradscope-explorer .boot-note').isVisible(), false);
  await served.context.close();
});

test('the served pages keep their own policy: no violation, labels measured, charts drawn', async () => {
  for (const file of ['index.html', 'examples/course-notes.html']) {
    const html = readFileSync(path.join(WWW, file), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';/, `${file} has the policy`);
    // Tall enough that every explorer on the page is on screen and draws.
    const { page, context, log } = await open(`${env.server.origin}/${file}`, { height: 8000 });
    await page.waitForFunction(() => [...document.querySelectorAll('gradscope-explorer')].every((e) => e.idle), null, { timeout: 30000 });
    await waitForChartsDrawn(page);
    // The course notes' first explorer opens some steps in (steps=): one Step adds one.
    const before = Number(await page.evaluate(() => q('#step-count').textContent));
    await page.click('#step');
    await page.waitForFunction((n) => q('#step-count').textContent === String(n + 1), before);
    assert.deepEqual(await problems(page, log), [], file);
    await context.close();
  }
});
