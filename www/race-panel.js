// The initialization-race panel: a handle-side Race advanced a slice per frame, its loss curves,
// each run's outcome, then the share of seeds each scheme trains.

import { Race } from './pkg/gradscope_web.js';
import { parseInteger } from './format.js';
import { showError } from './controls.js';

/** Milliseconds of race work per animation frame. */
const BUDGET_MS = 8;

/** Fills the quoted settings and wires the Race button. */
export function bindRacePanel(el) {
  const { ui } = el;
  const [layers, width, lr, steps, seeds] = Race.settings();
  ui.raceShape.textContent = `${layers} hidden layers of ${width} ReLU units, α = ${lr}, ${steps} steps`;
  ui.raceSeeds.textContent = String(seeds);
  ui.raceRun.addEventListener('click', () => {
    let seed;
    try {
      seed = parseInteger(ui.raceSeed.value, 0, el.constructor.catalog.limits.maxSeed);
    } catch (e) {
      showError(ui.raceError, e.message);
      return;
    }
    showError(ui.raceError, '');
    el.race?.free();
    el.race = new Race(seed);
    el.raceProgress = [0, 0];
    ui.raceChart.hidden = false;
    el.requestFrame();
  });
}

/** True while the race or its rates have work left. */
export function raceRunning(el) {
  return el.race !== undefined && el.raceProgress[1] < 1;
}

/** One frame of the race: a slice of steps, then the chart and the sentences. */
export function stepRace(el, canvas, dpr) {
  if (el.race === undefined) return;
  const t0 = performance.now();
  while (el.raceProgress[1] < 1 && performance.now() - t0 < BUDGET_MS) {
    el.raceProgress = Array.from(el.race.advance(1));
  }
  el.race.draw(canvas, dpr);
  const { ui } = el;
  const [race, rates] = el.raceProgress;
  ui.raceProgress.textContent = race < 1 ? `racing… ${Math.floor(100 * race)} %`
    : rates < 1 ? `counting seeds… ${Math.floor(100 * rates)} %` : 'done';
  const o = el.race.outcomeLabels();
  const pairs = [];
  for (let i = 0; i < o.length; i += 2) pairs.push(`${o[i]}: ${o[i + 1]}`);
  ui.raceOutcomes.textContent = `Seed ${el.race.seed()}: ${pairs.join('; ')}.`;
  const c = el.race.successCounts();
  const names = o.filter((_, i) => i % 2 === 0);
  const parts = names.map((n, k) => `${n} ${c[2 * k]} of ${c[2 * k + 1]}`);
  ui.raceRates.textContent = c.every((v, i) => i % 2 === 0 || v === 0) ? ''
    : `Seeds that train: ${parts.join('; ')}.`;
}
