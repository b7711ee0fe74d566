// A Web Worker of the job pool (job-pool.js): it receives the page's compiled wasm module
// once, then runs one job at a time (jobs.js) and posts what each reports, so the race and the
// sweep never hold up the page. A landscape worker (landscape-workers.js) is the same script
// asked for rows of landscape grids instead. The standalone file runs a bundle of this module from a blob:.

import { initSync, landscapeRows } from './pkg/gradscope_web.js';
import { openJob } from './jobs.js';

/** Steps of a run, or networks of the sweep, between two reports (about 30–60 ms of work). */
const SLICE = { run: 8, sweep: 8 };

self.onmessage = ({ data }) => {
  if (data.module !== undefined) {
    // A module that will not instantiate throws here: the pool sees the worker's error event
    // and runs the jobs on the main thread instead.
    initSync({ module: data.module });
    return;
  }
  if (data.grid !== undefined) {
    // Rows of a landscape grid (landscape-workers.js): computed whole, answered at once.
    const { id, grid: g } = data;
    try {
      const loss = landscapeRows(g.widths, g.activation, g.params, g.xs, g.ys, g.axes, g.from, g.to);
      self.postMessage({ id, loss }, [loss.buffer]);
    } catch (e) {
      self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  const { id, job } = data;
  try {
    const work = openJob(job);
    for (let done = false; !done;) {
      const step = work(SLICE[job.kind]);
      done = step.done;
      if (step.message !== undefined) {
        const buffers = [step.message.losses, step.message.norms].filter((a) => a !== undefined).map((a) => a.buffer);
        self.postMessage({ id, message: step.message }, buffers);
      }
    }
    self.postMessage({ id, done: true });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
