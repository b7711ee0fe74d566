// `make bench`, the page's measures: the real page (www/index.html as served) at 1280 × 800 CSS
// pixels, device pixel ratio 2, in headless Chromium. Every number comes from the page's own
// clock (performance.now()); the few fixed waits below are the workload (a drag that pauses, a
// window of play), never a way to wait for something to happen.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { WWW } from '../e2e/helpers.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const DPR = 2;
/** Seconds of play measured (after one second of warm-up). */
const PLAY_SECONDS = 5;
/** Cold loads whose time to interactive is measured; the median is reported. */
const LOADS = 5;

/**
 * Installed before the page's scripts: long tasks (PerformanceObserver 'longtask'), the gaps
 * between animation frames (one rAF loop of our own: a frame's gap is how long it took), and the
 * time to interactive — from navigation start until the element has drawn its first frame with
 * every chart showing ink, a click on Step has been dispatched and the step counter shows it.
 */
const INSTRUMENT = `(() => {
  const b = window.__bench = { longTasks: [], gaps: [], frames: [], last: 0, interactiveMs: undefined, drawnMs: undefined };
  window.q = (sel) => document.querySelector('gradscope-explorer')?.shadowRoot?.querySelector(sel) ?? null;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch { b.longTasks = null; }
  const tick = (t) => { if (b.last) b.gaps.push([b.last, t - b.last]); b.last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const inked = (c) => {
    if (c.width === 0 || c.height === 0) return false;
    const g = c.getContext('2d');
    for (const d of [g.getImageData(0, c.height >> 1, c.width, 1).data, g.getImageData(c.width >> 1, 0, 1, c.height).data]) {
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] !== 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) return true;
    }
    return false;
  };
  const probe = () => {
    const el = document.querySelector('gradscope-explorer');
    const root = el?.shadowRoot;
    const shown = root ? [...root.querySelectorAll('canvas')].filter((c) => c.clientWidth > 0 && !c.closest('[hidden]')) : [];
    if (!el?.hasAttribute('ready') || shown.length === 0 || !shown.every(inked)) { requestAnimationFrame(probe); return; }
    b.drawnMs = performance.now();
    const count = root.querySelector('#step-count');
    const before = count.textContent;
    const seen = new MutationObserver(() => {
      if (count.textContent === before) return;
      b.interactiveMs = performance.now();
      seen.disconnect();
    });
    seen.observe(count, { childList: true, characterData: true, subtree: true });
    root.querySelector('#step').click();
  };
  requestAnimationFrame(probe);
})();`;

/** The q-quantile (0..1) of numbers, by nearest rank. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** A fresh context (empty cache) at the bench's viewport and pixel ratio, instrumented. */
async function freshPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DPR });
  const page = await context.newPage();
  await page.addInitScript(INSTRUMENT);
  return { context, page };
}

/** Times every call of the element's frame() (its whole frame: the steps, every chart, the numbers). */
function timeFrames(page) {
  return page.evaluate(() => {
    const el = document.querySelector('gradscope-explorer');
    const frame = el.frame;
    el.frame = function timedFrame() {
      const t0 = performance.now();
      frame.call(this);
      window.__bench.frames.push([t0, performance.now() - t0]);
    };
  });
}

/** The page clock's current time, ms. */
const now = (page) => page.evaluate(() => performance.now());

/** rAF gaps ([start, ms]) and page frames ([start, ms]) that began in [t0, t1]. */
async function during(page, t0, t1) {
  return page.evaluate(([a, z]) => {
    const inside = (list) => list.filter(([t]) => t >= a && t <= z).map(([, d]) => d);
    const b = window.__bench;
    return { gaps: inside(b.gaps), frames: inside(b.frames), longTasks: b.longTasks === null ? null : inside(b.longTasks) };
  }, [t0, t1]);
}

/** Plays at 2 steps per frame: fps from the page's frames, its frame work p50 / p95. */
async function play(page) {
  await page.selectOption('#speed', '2');
  await page.click('#play');
  await page.waitForTimeout(1000); // warm-up: the JIT, the caches, the coarse grid's cost model
  const t0 = await now(page);
  await page.waitForTimeout(PLAY_SECONDS * 1000); // the measured window of play
  const t1 = await now(page);
  await page.click('#play');
  const w = await during(page, t0, t1);
  return {
    fps: (w.frames.length * 1000) / (t1 - t0),
    redrawP50: quantile(w.frames, 0.5),
    redrawP95: quantile(w.frames, 0.95),
    longTasks: w.longTasks,
    maxGap: Math.max(...w.gaps),
  };
}

/** Seconds of play traced for the CPU each frame costs (after the untraced window). */
const TRACED_SECONDS = 2;

/**
 * CPU time per frame of play at 2 steps per frame, from a trace (the threads' own clocks, `tdur`,
 * so time a thread spent waiting for a core does not count): the page's main thread, and every
 * thread of the browser (renderer, workers, compositor, GPU and browser processes). With
 * `cores` cores, no schedule fits more frames a second than 1000 / main, nor than
 * cores · 1000 / all: the ceiling the fps bar is up against. Tracing itself adds a little to
 * both. Top-level tasks only (a task inside another on the same thread is not counted twice).
 */
async function cpuPerFrame(page, cores) {
  const cdp = await page.context().newCDPSession(page);
  await page.click('#play');
  await page.waitForTimeout(500); // back to steady play
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline', transferMode: 'ReturnAsStream' });
  await page.waitForTimeout(TRACED_SECONDS * 1000);
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await page.click('#play');
  const parsed = JSON.parse(text);
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const tasks = events.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur > 0)
    .sort((a, b) => a.ts - b.ts);
  const ends = new Map();
  const cpu = new Map();
  const mainTasks = [];
  for (const e of tasks) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ts < (ends.get(thread) ?? -Infinity)) continue; // inside a task already counted
    ends.set(thread, e.ts + e.dur);
    cpu.set(thread, (cpu.get(thread) ?? 0) + (e.tdur ?? e.dur) / 1000);
    if (names.get(thread) === 'CrRendererMain') mainTasks.push(e);
  }
  const main = [...cpu].filter(([t]) => names.get(t) === 'CrRendererMain').reduce((a, [, ms]) => a + ms, 0);
  const all = [...cpu.values()].reduce((a, ms) => a + ms, 0);
  // A frame: a main-thread task that ran animation-frame callbacks (the page's and the bench's
  // own rAF loop run in the same one).
  const fired = events.filter((e) => e.ph === 'X' && e.name === 'FireAnimationFrame');
  const frames = mainTasks.filter((t) => fired.some((f) => f.pid === t.pid && f.tid === t.tid
    && f.ts >= t.ts && f.ts < t.ts + t.dur)).length;
  const perFrame = { main: main / frames, all: all / frames };
  return { ...perFrame, ceiling: Math.min(1000 / perFrame.main, (cores * 1000) / perFrame.all), frames };
}

/** Waits for one animation frame of the page. */
const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));

/**
 * Drags the first weight slider (w1: the dearest, every chart and the landscape's lower layers
 * change) with the mouse: first continuously, one move per frame for 60 frames; then with
 * pauses — 10 moves, then the mouse held still for 400 ms (longer than the page's 250 ms settle
 * delay, so the fine landscape is drawn mid-drag), five times. Longest frame = longest rAF gap.
 */
async function drag(page) {
  const slider = page.locator('#param-rows input[type="range"]').first();
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width / 2;
  const at = (i) => x0 + 0.35 * box.width * Math.sin(i / 9);
  await page.mouse.move(at(0), y);
  await page.mouse.down();
  const t0 = await now(page);
  for (let i = 1; i <= 60; i += 1) {
    await page.mouse.move(at(i), y);
    await nextFrame(page);
  }
  const t1 = await now(page);
  for (let burst = 0; burst < 5; burst += 1) {
    for (let i = 0; i < 10; i += 1) {
      await page.mouse.move(at(61 + burst * 10 + i), y);
      await nextFrame(page);
    }
    await page.waitForTimeout(400); // the pause is the workload: a learner holding the slider still
  }
  const t2 = await now(page);
  await page.mouse.up();
  const continuous = await during(page, t0, t1);
  const paused = await during(page, t1, t2);
  const all = await during(page, t0, t2);
  return {
    maxContinuous: Math.max(...continuous.gaps),
    maxPaused: Math.max(...paused.gaps),
    framesOver50: all.gaps.filter((g) => g > 50).length,
    longTasks: all.longTasks,
    start: t0,
  };
}

/** Seconds a race or a sweep is watched at most (the whole run of either is longer on a slow machine). */
const PANEL_SECONDS = 30;

/**
 * Clicks a panel's button and watches until its progress line says done, at most PANEL_SECONDS:
 * the longest frame and the long tasks meanwhile, and whether it finished.
 */
async function runPanel(page, button, progress) {
  await page.locator(button).scrollIntoViewIfNeeded();
  const t0 = await now(page);
  await page.click(button);
  let done = true;
  try {
    await page.waitForFunction((sel) => q(sel)?.textContent === 'done', progress,
      { timeout: PANEL_SECONDS * 1000, polling: 250 });
  } catch {
    done = false;
  }
  const t1 = await now(page);
  const w = await during(page, t0, t1);
  return { seconds: (t1 - t0) / 1000, done, maxGap: Math.max(...w.gaps), longTasks: w.longTasks };
}

/** Gzip -9 bytes and raw bytes of every same-origin response (unique URLs). */
async function sizes(responses, origin) {
  const seen = new Map();
  for (const r of responses) {
    if (!r.url().startsWith(origin) || seen.has(r.url()) || r.status() !== 200) continue;
    try {
      seen.set(r.url(), await r.body());
    } catch {
      // The browser no longer holds this body (it keeps a bounded buffer): the file as served.
      let rel = decodeURIComponent(new URL(r.url()).pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      seen.set(r.url(), readFileSync(path.join(WWW, rel)));
    }
  }
  let raw = 0;
  let gzip = 0;
  for (const body of seen.values()) {
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files: seen.size, raw, gzip };
}

/** Median time to interactive over cold loads (fresh context each), ms. */
export async function interactive(browser, origin) {
  const times = [];
  for (let i = 0; i < LOADS; i += 1) {
    const { context, page } = await freshPage(browser);
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.__bench.interactiveMs !== undefined, null, { timeout: 30000 });
    times.push(await page.evaluate(() => window.__bench.interactiveMs));
    await context.close();
  }
  return { median: quantile(times, 0.5), all: times };
}

/** Every page measure; see the README's Benchmarks section for their definitions. */
export async function measurePage(browser, origin) {
  const tti = await interactive(browser, origin);
  const { context, page } = await freshPage(browser);
  const responses = [];
  context.on('response', (r) => responses.push(r));
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => window.__bench.interactiveMs !== undefined, null, { timeout: 30000 });
  await timeFrames(page);
  const played = await play(page);
  const cpu = await cpuPerFrame(page, os.availableParallelism());
  const dragged = await drag(page);
  // The sweep first: a race not done when the watch ends keeps running, and would be in the
  // sweep's frames.
  const sweep = await runPanel(page, '#sweep-run', '#sweep-progress');
  const race = await runPanel(page, '#race-run', '#race-progress');
  const download = await sizes(responses, origin);
  const count = (l) => (l === null ? NaN : l.length);
  await context.close();
  return {
    fps_playing: played.fps,
    redraw_p50_ms: played.redrawP50,
    redraw_p95_ms: played.redrawP95,
    max_frame_playing_ms: played.maxGap,
    cpu_per_frame_main_ms: cpu.main,
    cpu_per_frame_all_ms: cpu.all,
    fps_ceiling: cpu.ceiling,
    max_frame_dragging_ms: Math.max(dragged.maxContinuous, dragged.maxPaused),
    max_frame_dragging_continuous_ms: dragged.maxContinuous,
    max_frame_dragging_paused_ms: dragged.maxPaused,
    frames_over_50ms_dragging: dragged.framesOver50,
    long_tasks: count(played.longTasks) + count(dragged.longTasks) + count(race.longTasks) + count(sweep.longTasks),
    long_tasks_playing: count(played.longTasks),
    long_tasks_dragging: count(dragged.longTasks),
    long_tasks_race: count(race.longTasks),
    long_tasks_sweep: count(sweep.longTasks),
    max_frame_race_ms: race.maxGap,
    max_frame_sweep_ms: sweep.maxGap,
    race_s: race.seconds,
    race_done: race.done,
    sweep_s: sweep.seconds,
    sweep_done: sweep.done,
    download_gzip_bytes: download.gzip,
    download_raw_bytes: download.raw,
    download_files: download.files,
    interactive_ms: tti.median,
    interactive_all_ms: tti.all,
  };
}
