// The initialization-race panel: the race's runs go to the explorer's job pool (Web Workers,
// or slices per frame without them); a handle-side Race keeps what they report and draws the
// loss curves, each run's outcome, then the share of seeds each scheme trains.

import { Race } from './pkg/gradscope_web.js';
import { parseInteger } from './format.js';
import { showError, linkError } from './controls.js';
import { jobPool, redrawSoon } from './job-pool.js';

/** Fills the quoted settings and wires the Race button. */
export function bindRacePanel(el) {
  const { ui } = el;
  const [layers, width, lr, steps, seeds] = Race.settings();
  ui.raceShape.textContent = `${layers} hidden layers of ${width} ReLU units, α = ${lr}, ${steps} steps`;
  ui.raceSeeds.textContent = String(seeds);
  linkError(ui.raceSeed, ui.raceError);
  /** The seed in the box, or undefined with the reason shown beside it. */
  const seedInBox = () => {
    try {
      const seed = parseInteger(ui.raceSeed.value, 0, el.constructor.catalog.limits.maxSeed);
      showError(ui.raceError, '');
      return seed;
    } catch (e) {
      showError(ui.raceError, e.message, ui.raceSeed);
      return undefined;
    }
  };
  // Checked as it is entered, as every other box is, not only when Race is pressed.
  ui.raceSeed.addEventListener('change', seedInBox);
  ui.raceRun.addEventListener('click', () => {
    const seed = seedInBox();
    if (seed === undefined) return;
    startRace(el, seed);
    ui.raceChart.hidden = false;
    // Only the panel redraws: the explorer's own charts have not changed.
    el.scheduleFrame();
  });
}

/** Replaces the race (and its runs) by a new one from `seed`. */
function startRace(el, seed) {
  el.race?.free();
  const race = new Race(seed);
  el.race = race;
  el.raceProgress = [0, 0];
  el.raceDirty = true;
  const j = race.jobs();
  const jobs = [];
  for (let i = 0; i < j.length; i += 3) jobs.push({ kind: 'run', scheme: j[i], seed: j[i + 1], curve: j[i + 2] === 1 });
  jobPool(el).submit('race', jobs, {
    message(m) {
      if (el.race !== race) return;
      try {
        if (m.curve) race.record(m.scheme, m.from, m.losses, m.outcome);
        else race.count(m.scheme, m.seed, m.outcome);
      } catch (e) {
        dropRace(el, e.message);
        return;
      }
      el.raceProgress = Array.from(race.progress());
      redrawSoon(el, 'raceDirty');
    },
    error(message) {
      if (el.race === race) dropRace(el, message);
    },
  });
}

/** Abandons the race after a failure (reported on the console, as the explorer's charts do). */
export function dropRace(el, message) {
  if (message !== undefined) console.warn(`gradscope: race: ${message}`);
  el.jobs?.cancel('race');
  el.race = undefined;
}

/** True while the race or its rates have work left. */
export function raceRunning(el) {
  return el.race !== undefined && el.raceProgress[1] < 1;
}

/** Draws the race's chart and sentences if something was reported since the last time. */
export function showRace(el, canvas, dpr) {
  if (el.race === undefined || !el.raceDirty) return;
  el.raceDirty = false;
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
