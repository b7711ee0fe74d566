// The depth-sweep panel: the sweep's networks go to the explorer's job pool in slices (Web
// Workers, or a few per frame without them, so the page stays responsive); a handle-side Sweep
// keeps the results, draws what is done, and the panel says what the deepest depth shows.

import { Sweep } from './pkg/gradscope_web.js';
import { formatNumber } from './format.js';
import { jobPool, redrawSoon } from './job-pool.js';

/** Networks per job: a pool's workers take slices of this many, in order. */
const SLICE = 32;

/** Fills the panel's quoted settings and wires its button. */
export function bindSweepPanel(el) {
  const { ui } = el;
  const labels = Sweep.labels();
  const [width, seeds, samples] = labels.slice(-3);
  ui.sweepWidth.textContent = width;
  ui.sweepSeeds.textContent = seeds;
  ui.sweepSamples.textContent = samples;
  el.sweepLabels = labels.slice(0, -3);
  ui.sweepChart.hidden = true;
  ui.sweepRun.addEventListener('click', () => {
    startSweep(el);
    ui.sweepChart.hidden = false;
    // Only the panel redraws: the explorer's own charts have not changed.
    el.scheduleFrame();
  });
}

/** Starts the sweep over from nothing. */
function startSweep(el) {
  el.sweep ??= new Sweep();
  el.sweep.clear();
  const { sweep } = el;
  el.sweepProgress = 0;
  el.sweepDirty = true;
  const jobs = [];
  for (let start = 0; start < Sweep.networks(); start += SLICE) jobs.push({ kind: 'sweep', start, count: SLICE });
  jobPool(el).submit('sweep', jobs, {
    message(m) {
      if (el.sweep !== sweep) return;
      try {
        el.sweepProgress = sweep.record(m.start, m.norms);
      } catch (e) {
        dropSweep(el, e.message);
        return;
      }
      redrawSoon(el, 'sweepDirty');
    },
    error(message) {
      if (el.sweep === sweep) dropSweep(el, message);
    },
  });
}

/** Abandons the sweep after a failure (reported on the console, as the explorer's charts do). */
export function dropSweep(el, message) {
  if (message !== undefined) console.warn(`gradscope: sweep: ${message}`);
  el.jobs?.cancel('sweep');
  el.sweep = undefined;
}

/** True while the sweep has work left. */
export function sweepRunning(el) {
  return el.sweep !== undefined && el.sweepProgress < 1;
}

/** Draws the sweep's chart and summary if something was reported since the last time. */
export function showSweep(el, canvas, dpr) {
  if (el.sweep === undefined || !el.sweepDirty) return;
  el.sweepDirty = false;
  el.sweep.draw(canvas, dpr);
  const { ui } = el;
  ui.sweepProgress.textContent = el.sweepProgress < 1 ? `${Math.floor(100 * el.sweepProgress)} % done` : 'done';
  ui.sweepRun.textContent = 'Run again';
  const m = Array.from(el.sweep.deepestMedians());
  if (m.length === 0 || el.sweepProgress < 1) {
    ui.sweepSummary.textContent = '';
    return;
  }
  const [depth, ...medians] = m;
  const parts = medians.map((v, k) => `${el.sweepLabels[k]} ${formatNumber(v, 3)}`);
  ui.sweepSummary.textContent = `At ${depth} hidden layer${depth === 1 ? '' : 's'}, the median ‖∂L/∂W1‖ is: ${parts.join('; ')}. `
    + 'A uniform initialization that ignores fan-in multiplies the backward signal at every layer and it explodes; '
    + 'He (Var = 2/fan_in) is scaled for ReLU, which zeroes half of each layer, and changes least '
    + '(about two decades over 50 layers, against eight to ten for the others); '
    + 'Xavier and LeCun (Var ≈ 1/fan_in here) are scaled for units that keep both halves, so behind ReLUs the gradient halves '
    + 'in variance layer after layer and vanishes instead.';
}
