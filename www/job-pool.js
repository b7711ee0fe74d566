// One explorer's pool of Web Workers for the initialization race and the depth sweep. Each
// worker (jobs-worker.js) instantiates the page's compiled wasm module and runs one job at a
// time; the page's thread only records and draws what they report, so neither panel holds up
// a frame. Where a worker cannot start (no Worker, a policy without worker-src, no module) the
// pool runs the same jobs on the page's thread instead, a few milliseconds per animation frame
// (`runSlice`), with the same results: a job's numbers depend only on the job.

import { embedded } from './embedded.js';
import { openJob } from './jobs.js';

/** The page's compiled wasm module, which every worker instantiates (set by gradscope.js). */
let wasmModule;
/** The standalone file's worker script, as a blob: URL (made once). */
let blobUrl;

/** Hands the pools the compiled wasm module; until then they run jobs on the page's thread. */
export function setWorkerModule(module) {
  wasmModule = module;
}

/** The compiled wasm module workers instantiate (undefined until gradscope.js has set it). */
export function workerModule() {
  return wasmModule;
}

/**
 * A new worker running jobs-worker.js: served, the module beside this one; in the standalone
 * file, its bundle as a classic script from a blob: (Chromium refuses module workers from blob:
 * URLs made by a page opened from disk).
 */
export function newWorker() {
  if (typeof embedded?.worker !== 'string') return new Worker(new URL('./jobs-worker.js', import.meta.url), { type: 'module' });
  blobUrl ??= URL.createObjectURL(new Blob([embedded.worker], { type: 'text/javascript' }));
  return new Worker(blobUrl);
}

/**
 * Shortest time (ms) between two redraws of a panel whose jobs report: each redraw costs the
 * page's thread a frame of painting at the screen's resolution, while the reports come every
 * few tens of milliseconds from each worker.
 */
const REDRAW_MS = 100;

/** Workers one pool may run: one per logical core, at least two. */
function workerLimit() {
  return Math.max(2, navigator.hardwareConcurrency || 2);
}

/** The job pool of explorer `el` (made on first use; it asks the element for frames). */
export function jobPool(el) {
  el.jobs ??= new JobPool(() => el.scheduleFrame());
  return el.jobs;
}

/** A panel of `el` heard from its jobs: sets `el[flag]` and asks for a frame within REDRAW_MS. */
export function redrawSoon(el, flag) {
  el.redrawTimers ??= new Map();
  if (el.redrawTimers.has(flag)) return;
  el.redrawTimers.set(flag, setTimeout(() => {
    el.redrawTimers.delete(flag);
    el[flag] = true;
    el.scheduleFrame();
  }, REDRAW_MS));
}

export class JobPool {
  /** `wake()` asks for an animation frame: jobs are waiting for `runSlice` on this thread. */
  constructor(wake) {
    this.wake = wake;
    this.queue = []; // tasks { id, owner, job } not started, in order
    this.workers = []; // { worker, task } (task: the one it runs, if any)
    this.handlers = new Map(); // owner → { message(report), error(text) }
    this.inThread = typeof Worker === 'undefined' || wasmModule === undefined;
    this.local = undefined; // { task, work }: the job running on this thread
    this.suspended = false;
    this.nextId = 1;
  }

  /** Replaces owner's jobs by `jobs`; each report goes to `handlers.message`, a failure to `handlers.error`. */
  submit(owner, jobs, handlers) {
    this.cancel(owner);
    this.handlers.set(owner, handlers);
    for (const job of jobs) this.queue.push({ id: this.nextId++, owner, job });
    this.dispatch();
  }

  /** Drops owner's jobs: those queued, and those running (their workers are ended). */
  cancel(owner) {
    this.handlers.delete(owner);
    this.queue = this.queue.filter((t) => t.owner !== owner);
    if (this.local?.task.owner === owner) this.local = undefined;
    for (const w of this.workers.filter((x) => x.task?.owner === owner)) this.end(w, false);
    this.dispatch();
  }

  /** True while owner has jobs queued or running. */
  busy(owner) {
    return this.queue.some((t) => t.owner === owner) || this.local?.task.owner === owner
      || this.workers.some((w) => w.task?.owner === owner);
  }

  /** True while jobs wait for `runSlice` (no workers, not suspended). */
  get needsFrames() {
    return this.inThread && !this.suspended && (this.local !== undefined || this.queue.length > 0);
  }

  /** True when the jobs run on workers. */
  get usesWorkers() {
    return !this.inThread;
  }

  /** Stops all work (the element left the page): workers end, their jobs wait to start again. */
  suspend() {
    this.suspended = true;
    for (const w of [...this.workers]) this.end(w, true);
    if (this.local !== undefined) this.queue.unshift(this.local.task);
    this.local = undefined;
  }

  /** Starts the waiting jobs again (the element came back). */
  resume() {
    this.suspended = false;
    this.dispatch();
  }

  /** Ends worker w; its job goes back to the front of the queue if `requeue`. */
  end(w, requeue) {
    w.worker.terminate();
    this.workers.splice(this.workers.indexOf(w), 1);
    if (requeue && w.task !== undefined) this.queue.unshift(w.task);
    w.task = undefined;
  }

  /**
   * Takes the next task off the queue: the first one of the owner (panel) with the fewest tasks
   * running, so that a sweep started while the race runs gets the next free worker instead of
   * waiting for the whole race (seconds at 0 %); within one owner, first come, first served.
   * Undefined when the queue is empty.
   */
  take() {
    if (this.queue.length === 0) return undefined;
    const running = new Map();
    for (const t of [...this.workers.map((w) => w.task), this.local?.task]) {
      if (t !== undefined) running.set(t.owner, (running.get(t.owner) ?? 0) + 1);
    }
    let best = 0;
    for (let i = 1; i < this.queue.length; i += 1) {
      if ((running.get(this.queue[i].owner) ?? 0) < (running.get(this.queue[best].owner) ?? 0)) best = i;
    }
    return this.queue.splice(best, 1)[0];
  }

  /** Hands queued jobs to idle workers, starting workers up to the limit (never more than the jobs). */
  dispatch() {
    if (this.suspended || this.queue.length === 0) return;
    if (this.inThread) {
      this.wake();
      return;
    }
    for (const w of this.workers) {
      if (w.task === undefined && this.queue.length > 0) this.give(w, this.take());
    }
    while (this.queue.length > 0 && this.workers.length < workerLimit()) {
      const w = this.spawn();
      if (w === undefined) return;
      this.give(w, this.take());
    }
  }

  /** A new worker with the wasm module, or undefined (and the pool runs in-thread) if none starts. */
  spawn() {
    let worker;
    try {
      worker = newWorker();
      worker.postMessage({ module: wasmModule });
    } catch {
      this.fallBack();
      return undefined;
    }
    const w = { worker, task: undefined };
    worker.onmessage = ({ data }) => this.heard(w, data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.fallBack();
    };
    this.workers.push(w);
    return w;
  }

  /** Starts task on worker w. */
  give(w, task) {
    w.task = task;
    w.worker.postMessage({ id: task.id, job: task.job });
  }

  /** A worker's report, end of job or failure (ignored if that job was dropped meanwhile). */
  heard(w, data) {
    const { task } = w;
    if (task === undefined || data.id !== task.id) return;
    const handlers = this.handlers.get(task.owner);
    if (data.error !== undefined) {
      w.task = undefined;
      this.cancel(task.owner);
      handlers?.error(data.error);
    } else if (data.done) {
      w.task = undefined;
      this.dispatch();
    } else {
      handlers?.message(data.message);
    }
  }

  /** No worker can run here: every job, queued or started, runs on this thread from now on. */
  fallBack() {
    if (this.inThread) return;
    this.inThread = true;
    for (const w of [...this.workers]) this.end(w, true);
    this.dispatch();
  }

  /** Without workers: runs queued jobs on this thread for about `budgetMs` milliseconds. */
  runSlice(budgetMs) {
    if (!this.needsFrames) return;
    const t0 = performance.now();
    do {
      if (this.local === undefined) {
        const task = this.take();
        if (task === undefined) return;
        this.local = { task, work: undefined };
      }
      const { task } = this.local;
      let step;
      try {
        this.local.work ??= openJob(task.job);
        step = this.local.work(1);
      } catch (e) {
        const handlers = this.handlers.get(task.owner);
        this.cancel(task.owner);
        handlers?.error(e instanceof Error ? e.message : String(e));
        continue;
      }
      if (step.done) this.local = undefined;
      if (step.message !== undefined) this.handlers.get(task.owner)?.message(step.message);
    } while (performance.now() - t0 < budgetMs);
  }

  /** Ends every worker and forgets every job. */
  close() {
    this.suspend();
    this.queue = [];
    this.handlers.clear();
  }
}
