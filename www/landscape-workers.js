// The landscape's grids computed off the page's thread. Two Web Workers (jobs-worker.js, the
// same script as the job pool's), shared by every explorer on the page, each compute half of
// a grid's rows with the handle's landscapeRows — the same code, so the same numbers bit for
// bit as computing them here. An explorer hands out at most one grid at a time: the newest its
// landscape wants (`pumpLandscape`, after each frame); the grid comes back to the handle,
// which shows it if it is still of use. Where workers cannot start (no Worker, a policy without
// worker-src) or one fails, the explorer computes its grids itself again, as before.

import { newWorker, workerModule } from './job-pool.js';
import { drawLandscapeAlone } from './charts.js';

/** Workers a grid's rows are split between (the machines this runs on have two cores or more). */
const WORKERS = 2;

/** The shared workers ({ worker, waiting: Map id → { resolve, reject } }), null if none can run. */
let pool;
/** Why the workers stopped (the message every later grid fails with). */
let stopped = 'no Worker here, or no wasm module to give one';
let nextId = 1;
/**
 * A grid not back after this long (ms) means a worker is stuck: the page computes its grids
 * itself from then on. The largest page network's fine grid takes seconds, not a minute.
 */
const DEADLINE_MS = 60000;

/** Starts the workers once; false when there can be none. */
export function landscapeWorkersReady() {
  if (pool === undefined) {
    const module = workerModule();
    pool = null;
    if (typeof Worker !== 'undefined' && module !== undefined) {
      try {
        pool = Array.from({ length: WORKERS }, () => startWorker(module));
      } catch (e) {
        console.warn(`gradscope: landscape workers: ${e.message}; the landscape is computed on the page's thread`);
        pool = null;
      }
    }
  }
  return pool !== null;
}

function startWorker(module) {
  const w = { worker: newWorker(), waiting: new Map() };
  w.worker.postMessage({ module });
  w.worker.onmessage = ({ data }) => {
    const p = w.waiting.get(data.id);
    if (p === undefined) return;
    w.waiting.delete(data.id);
    if (data.error !== undefined) p.reject(new Error(data.error));
    else p.resolve(data.loss);
  };
  w.worker.onerror = (e) => {
    e.preventDefault();
    stopAll(new Error(e.message || 'a landscape worker failed to start or stopped (did jobs-worker.js load?)'));
  };
  return w;
}

/** Ends every worker; what they were computing fails with `error`; later grids are computed in the page. */
function stopAll(error) {
  stopped = error.message;
  for (const w of pool ?? []) {
    w.worker.terminate();
    for (const p of w.waiting.values()) p.reject(error);
  }
  pool = null;
}

/** Rows [from, to) of grid `g` from worker `w`; fails after DEADLINE_MS without an answer. */
function rows(w, g, from, to) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      w.waiting.delete(id);
      stopAll(new Error(`a landscape worker did not answer in ${DEADLINE_MS / 1000} s`));
      reject(new Error(stopped));
    }, DEADLINE_MS);
    const settle = (f) => (v) => { clearTimeout(timer); f(v); };
    w.waiting.set(id, { resolve: settle(resolve), reject: settle(reject) });
    w.worker.postMessage({ id, grid: { ...g, from, to } });
  });
}

/** The whole grid `g` (a request's plain numbers), its rows split between the workers. */
async function computeGrid(g) {
  if (pool === null || pool === undefined) throw new Error(stopped);
  const cut = Math.ceil(g.rows / pool.length);
  const parts = await Promise.all(pool.map((w, i) => rows(w, g, Math.min(g.rows, i * cut), Math.min(g.rows, (i + 1) * cut))));
  const loss = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    loss.set(p, at);
    at += p.length;
  }
  return loss;
}

/**
 * After a frame of explorer `el`: hands the newest grid its landscape wants to the workers,
 * unless one of its grids is being computed. When the grid comes back, `el.landscapeArrived`
 * is set (the landscape is drawn again) and a frame asked for; if the workers fail, `fallback()` runs
 * (the element computes its grids itself from then on).
 */
export function pumpLandscape(el, fallback) {
  if (el.gridInFlight || !el.landscapeWorkers) return;
  const request = el.ex.takeLandscapeRequest();
  if (request === undefined) return;
  const g = {
    key: request.key, widths: request.widths, activation: request.activation, params: request.params,
    xs: request.xs, ys: request.ys, axes: request.axes, rows: request.rows,
  };
  request.free();
  el.gridInFlight = true;
  computeGrid(g).then((loss) => {
    el.gridInFlight = false;
    // Shown, or refused with nothing more wanted (the grid the landscape has is this state's,
    // computed meanwhile for a figure, say): either way the landscape is drawn again.
    if (el.ex.deliverLandscape(g.key, loss) || !el.ex.landscapePending()) el.landscapeArrived = true;
    el.scheduleFrame();
  }, (e) => {
    el.gridInFlight = false;
    if (pool !== null && pool !== undefined) stopAll(e);
    console.warn(`gradscope: landscape workers: ${e.message}; the landscape is computed on the page's thread`);
    el.landscapeWorkers = false;
    fallback();
  });
}

/**
 * The landscape's part of a frame of explorer `el` before the rest is drawn (`fast`: the coarse
 * grid; `alone`: nothing else will be drawn this frame). In bands on this thread: the next band,
 * and once the grid is whole the frame redraws everything. From the workers: a grid just come
 * is drawn. Returns whether a grid came from the workers since the last frame.
 */
export function landscapeOnlyFrame(el, fast, alone) {
  if (el.landscapeBands && alone) {
    drawLandscapeAlone(el.ex, el.canvases.landscape, false);
    if (!el.ex.landscapePending()) {
      el.landscapeBands = false;
      el.dirty = true;
    }
  }
  const arrived = el.landscapeArrived;
  el.landscapeArrived = false;
  // Only the landscape changes (no number on the page quotes its grid); nothing moves this
  // frame, so a grid of an older state is not drawn over this one's path: it waits for its own.
  if (arrived && alone && !el.dirty) {
    drawLandscapeAlone(el.ex, el.canvases.landscape, fast, true);
    el.lastFrameFine = !fast && !el.ex.landscapePending();
  }
  return arrived;
}
