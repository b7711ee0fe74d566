// What the race and sweep panels add to the explorer's life: one job pool per explorer
// (created at the first Race or sweep), a frame's share of their work, and stopping it when the
// element leaves the page (its workers end; their jobs start again if it comes back).

import { fitCanvas } from './charts.js';
import { showSweep, dropSweep } from './sweep-panel.js';
import { showRace, dropRace } from './race-panel.js';

/** Milliseconds of race and sweep work per animation frame when there are no workers. */
const BUDGET_MS = 8;

/**
 * A frame's share: without workers, a slice of the jobs; then each panel redraws if it heard
 * something. A failure is reported and that panel's work dropped: the loop must go on.
 */
export function panelsFrame(el) {
  el.jobs?.runSlice(BUDGET_MS);
  const dpr = window.devicePixelRatio || 1;
  for (const [running, canvas, show, drop] of [
    [el.sweep !== undefined, el.sweepCanvas, showSweep, dropSweep],
    [el.race !== undefined, el.raceCanvas, showRace, dropRace],
  ]) {
    if (!running) continue;
    try {
      if (fitCanvas(canvas)) show(el, canvas, dpr);
      else drop(el);
    } catch (e) {
      drop(el, e.message);
    }
  }
}

/** True while the panels need animation frames to make progress (no workers, work left). */
export function panelsNeedFrames(el) {
  return el.jobs?.needsFrames ?? false;
}

/** The element left the page: its panels' work stops. */
export function suspendPanels(el) {
  el.jobs?.suspend();
}

/** The element is back: its panels' work goes on where it stopped. */
export function resumePanels(el) {
  el.jobs?.resume();
}
