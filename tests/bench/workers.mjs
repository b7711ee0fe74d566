// `make bench`, W2 the way the page computes landscapes: the 256² grid over (w3, b3) of the
// seed network on the first 64 samples, its rows split between the page's two landscape
// workers (www/jobs-worker.js running landscapeRows, the product's own module as served),
// against the same grid computed whole on the page's thread by the same function, in
// alternating rounds of one run. The workers' grid is checked against the thread's, bit for bit.

/** Seconds each side is measured for, at least (whole grids; alternating rounds). */
const SECONDS = 3;

/**
 * Runs on a blank page of the bench's origin: { workers_per_s, thread_per_s, ratio, rounds,
 * same_bits, checksum } with points/s medians over the rounds.
 */
export async function measureLandscapeWorkers(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${origin}/__workers/index.html`, (route) => route.fulfill({
    contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>gradscope-bench workers</title>',
  }));
  await page.goto(`${origin}/__workers/index.html`);
  const result = await page.evaluate(async (seconds) => {
    const glue = await import('/pkg/gradscope_web.js');
    const module = await WebAssembly.compileStreaming(fetch('/pkg/gradscope_web_bg.wasm'));
    await glue.default({ module_or_path: module });
    // W2 as crate/bench/src/workloads.rs defines it (the healthy θ, (w3, b3) ∈ [−3, 3]², 256²,
    // the first 64 breast-cancer samples, taken here from a landscape request of the page's
    // handle); the checksum, compared with the bench module's W2 in the report, catches drift.
    const ex = new glue.Explorer();
    ex.useLandscapeWorkers();
    const canvas = Object.assign(document.createElement('canvas'), { width: 400, height: 300 });
    ex.drawLandscape(canvas, 1, false);
    const request = ex.takeLandscapeRequest();
    const g = {
      widths: [1, 1, 1, 1], activation: 'relu', params: [0.5, 1.0, 0.8, 0.2, 1.5, -1.0],
      xs: request.xs.slice(0, 64), ys: request.ys.slice(0, 64), axes: [4, -3, 3, 256, 5, -3, 3, 256],
    };
    request.free();
    ex.free();
    const workers = [0, 1].map(() => new Worker('/jobs-worker.js', { type: 'module' }));
    let id = 0;
    // A worker that fails, or is silent for 30 s, fails the bench rather than hanging it.
    const rows = (w, from, to) => new Promise((resolve, reject) => {
      const mine = ++id;
      const timer = setTimeout(() => reject(new Error('a landscape worker did not answer in 30 s')), 30000);
      const failed = (e) => { clearTimeout(timer); reject(new Error(`a landscape worker failed: ${e.message}`)); };
      const heard = ({ data }) => {
        if (data.id !== mine) return;
        clearTimeout(timer);
        w.removeEventListener('message', heard);
        w.removeEventListener('error', failed);
        if (data.error !== undefined) reject(new Error(data.error)); else resolve(data.loss);
      };
      w.addEventListener('message', heard);
      w.addEventListener('error', failed);
      w.postMessage({ id: mine, grid: { ...g, from, to } });
    });
    for (const w of workers) w.postMessage({ module });
    const pooled = async () => {
      const [a, b] = await Promise.all([rows(workers[0], 0, 128), rows(workers[1], 128, 256)]);
      const out = new Float64Array(a.length + b.length);
      out.set(a);
      out.set(b, a.length);
      return out;
    };
    const here = () => glue.landscapeRows(g.widths, g.activation, g.params, g.xs, g.ys, g.axes, 0, 256);
    // Warm-up (the workers' first instantiation, both sides' JIT tiers), then the bit check.
    let p = await pooled();
    let h = here();
    for (let i = 0; i < 2; i += 1) { p = await pooled(); h = here(); }
    let same = p.length === h.length;
    for (let i = 0; same && i < p.length; i += 1) same = Object.is(p[i], h[i]);
    const times = { workers: [], thread: [] };
    const t0 = performance.now();
    while (performance.now() - t0 < 2 * seconds * 1000 || times.workers.length < 5) {
      let t = performance.now();
      await pooled();
      times.workers.push(performance.now() - t);
      t = performance.now();
      here();
      times.thread.push(performance.now() - t);
    }
    for (const w of workers) w.terminate();
    const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const points = 256 * 256;
    return {
      workers_per_s: (points * 1000) / median(times.workers),
      thread_per_s: (points * 1000) / median(times.thread),
      ratio: median(times.thread) / median(times.workers),
      rounds: times.workers.length,
      same_bits: same,
      checksum: h.reduce((s, v) => s + v, 0),
    };
  }, SECONDS);
  await context.close();
  return result;
}
