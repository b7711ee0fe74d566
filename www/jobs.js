// One job of the initialization race or the depth sweep, done a slice at a time: in a Web
// Worker (jobs-worker.js) or, where there are none, on the main thread a slice or two per frame
// (job-pool.js). The numbers come from the handle's RaceJob and SweepJob and depend only on
// the job, so a worker and the main thread report the same results.
//
// A job is a plain object that can be posted to a worker:
//   { kind: 'run', scheme, seed, curve }  one run of the race (curve: report its losses too)
//   { kind: 'sweep', start, count }       ‖∂L/∂W1‖ of networks start … start + count − 1
// and what it reports, a plain object too:
//   { kind: 'run', scheme, seed, curve: true, from, losses, outcome }  losses from step `from` on
//   { kind: 'run', scheme, seed, curve: false, outcome }               once, when the run ends
//   { kind: 'sweep', start, norms }

import { RaceJob, SweepJob } from './pkg/gradscope_web.js';

/** The sweep's samples, loaded once per thread. */
let sweepData;

/**
 * Opens `job` and returns its `work(amount)`, which does `amount` more steps of a run (or
 * networks of a slice of the sweep) and returns `{ message, done }`: what to report (or
 * undefined) and whether the job has finished. Throws what the handle throws.
 */
export function openJob(job) {
  if (job.kind === 'sweep') return sweepSlice(job);
  if (job.kind === 'run') return raceRun(job);
  throw new Error(`not a job: ${String(job.kind)}`);
}

/** A run of the race, trained `steps` at a time. */
function raceRun({ scheme, seed, curve }) {
  const run = new RaceJob(scheme, seed);
  let from = 0;
  return (steps) => {
    const losses = run.advance(steps);
    const done = run.done();
    const outcome = run.outcome();
    let message;
    if (curve) message = { kind: 'run', scheme, seed, curve, from, losses, outcome };
    else if (done) message = { kind: 'run', scheme, seed, curve, outcome };
    from += losses.length;
    if (done) run.free();
    return { message, done };
  };
}

/** A slice of the sweep, `networks` at a time. */
function sweepSlice({ start, count }) {
  sweepData ??= new SweepJob();
  let next = start;
  const end = start + count;
  return (networks) => {
    const norms = sweepData.norms(next, Math.min(networks, end - next));
    const message = { kind: 'sweep', start: next, norms };
    next += norms.length;
    return { message, done: next >= end || norms.length === 0 };
  };
}
