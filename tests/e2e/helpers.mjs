// Shared set-up for the browser tests: a static server for ../www on a free port, Chromium via
// playwright-core, and small probes of the page.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WWW = path.resolve(here, '../../www');
export const SCREENSHOTS = path.resolve(here, '../screenshots');
const SERVE = path.resolve(here, '../../tools/serve.py');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves with the HTTP status of GET url, or rejects if nothing answers. */
function probe(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', reject);
    req.setTimeout(1000, () => req.destroy(new Error('timeout')));
  });
}

/** Starts tools/serve.py (what `make serve` runs) on www and waits until it answers; returns { origin, stop }. */
export async function startServer() {
  const port = await freePort();
  const child = spawn('python3', [SERVE, String(port), WWW, '--quiet'], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => { exited = true; });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited) throw new Error('the static server exited before answering');
    try {
      if (await probe(`${origin}/index.html`) === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the static server did not answer on ${origin}`);
    }
    await new Promise((r) => setImmediate(r));
  }
  const stop = () => new Promise((resolve) => {
    if (exited) return resolve();
    child.once('exit', resolve);
    child.kill();
  });
  return { origin, stop };
}

/**
 * Page-side probes for code run inside page.evaluate/waitForFunction: q(selector, n) finds an
 * element inside the n-th explorer's shadow root; canvases(n) lists that explorer's canvases.
 */
const PROBES = `
  window.explorerRoot = (n = 0) => document.querySelectorAll('gradscope-explorer')[n]?.shadowRoot;
  window.q = (sel, n = 0) => window.explorerRoot(n)?.querySelector(sel) ?? null;
  window.canvases = (n = 0) => [...(window.explorerRoot(n)?.querySelectorAll('canvas') ?? [])];
`;

/** Launches headless Chromium (with `extra` command-line flags). */
export function launch(extra = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extra] });
}

/**
 * Opens the page (optionally with a query string) in a fresh context and records console
 * errors/warnings, page errors and request URLs. Resolves once the app has booted.
 */
export async function openPage(browser, origin,
  { query = '', viewport = { width: 1280, height: 800 }, path: file = 'index.html' } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(PROBES);
  const log = { console: [], pageErrors: [], requests: [] };
  page.on('console', (m) => {
    // The tests' own getImageData probes provoke Chromium's readback-performance hint.
    if (m.text().startsWith('Canvas2D: Multiple readback operations')) return;
    if (m.type() === 'error' || m.type() === 'warning') log.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('request', (r) => log.requests.push(r.url()));
  await page.goto(`${origin}/${file}${query}`);
  if (file === 'index.html') {
    await page.waitForSelector('body[data-ready="true"]');
    await waitForChartsDrawn(page);
  }
  return { page, context, log };
}

/** Waits until every chart canvas has been drawn (non-blank). */
export async function waitForChartsDrawn(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('gradscope-explorer')].every((_, n) => canvases(n).length > 0 && canvases(n).filter((c) => c.clientWidth > 0).every((c) => {
    if (c.width === 0 || c.height === 0) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4 * 97) {
      if (d[i + 3] !== 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) return true;
    }
    return false;
  })));
}

/** For a canvas id: its number of distinct colours, non-white pixels, and a fingerprint of its pixels. */
export function canvasStats(page, id, n = 0) {
  return page.evaluate(([canvasId, host]) => {
    const c = q(`#${canvasId}`, host);
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const colours = new Set();
    let ink = 0;
    let hash = 2166136261;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      colours.add((r << 16) | (g << 8) | b);
      if (a !== 0 && (r < 245 || g < 245 || b < 245)) ink += 1;
      hash = Math.imul(hash ^ (r + 3 * g + 7 * b), 16777619) >>> 0;
    }
    return { width: c.width, height: c.height, colours: colours.size, ink, hash };
  }, [id, n]);
}

export const CANVAS_IDS = ['c-landscape', 'c-overshoot', 'c-loss', 'c-params', 'c-layers', 'c-sigmoid'];

/** Saves a full-page screenshot under tests/screenshots. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The page's current step counter. */
export async function stepCount(page) {
  return Number(await page.textContent('#step-count'));
}

/** The Explorer's parameters as shown in the exact-value boxes. */
export function paramBoxes(page) {
  return page.$$eval('#param-rows input[type="text"]', (boxes) => boxes.map((b) => b.value));
}

/** Reads a number the page formatted (handles − and ∞). */
export function readShown(text) {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === 'NaN') return NaN;
  if (t === '+∞') return Infinity;
  if (t === '-∞') return -Infinity;
  return Number(t);
}

/** Pauses training if it is running. */
export async function pause(page) {
  if (await page.getAttribute('#play', 'aria-pressed') === 'true') await page.click('#play');
}

/** Runs Play until the step counter reaches n or the divergence banner shows, then pauses. */
export async function playUntil(page, n) {
  await page.click('#play');
  await page.waitForFunction((target) => Number(q('#step-count').textContent) >= target
    || !q('#banner').hidden, n, { timeout: 60000 });
  await pause(page);
}

/**
 * Starts one server and one browser for a test file; returns an object whose fields are filled in
 * by the before hook. Register the hooks with node:test's before/after.
 */
export function suite(before, after) {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/**
 * Waits until the text of `selector` equals `expected` (a string) or matches it (a RegExp):
 * the status line and the table are refreshed in the next animation frame, not at once.
 */
export async function waitText(page, selector, expected) {
  const re = expected instanceof RegExp ? [expected.source, expected.flags] : null;
  await page.waitForFunction(([sel, pattern, text]) => {
    const t = q(sel)?.textContent ?? '';
    return pattern ? new RegExp(pattern[0], pattern[1]).test(t) : t === text;
  }, [selector, re, re ? null : expected]);
}
