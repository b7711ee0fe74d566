// Gradscope page: wires the controls to the wasm Explorer, runs the animation loop, draws.
// All math (training, loss, landscape, charts) happens in wasm; this file only moves values.

import init, { Explorer, InitScheme, Preset } from './pkg/gradscope_web.js';
import { formatNumber, boxText, parseNumber, parseInteger } from './format.js';
import { bindSliderBox, bindBox, showError, symlogPosition, symlogValue, logPosition, logValue } from './controls.js';
import { readUrl, writeUrl, SCHEMES } from './url.js';
import { drawCharts } from './charts.js';

const $ = (id) => document.getElementById(id);
const ui = {
  presets: $('presets'),
  play: $('play'), step: $('step'), reset: $('reset'), speed: $('speed'),
  lrSlider: $('lr-slider'), lrBox: $('lr-box'), lrError: $('lr-error'),
  clipOn: $('clip-on'), clipBox: $('clip-box'), clipError: $('clip-error'),
  paramRows: $('param-rows'), paramRow: $('param-row'),
  scheme: $('scheme'), scale: $('scale'), scaleError: $('scale-error'),
  seed: $('seed'), seedError: $('seed-error'), newSeed: $('new-seed'), initialize: $('initialize'),
  stepCount: $('step-count'), loss: $('loss'), gradNorm: $('grad-norm'), lrShown: $('lr-shown'),
  clipShown: $('clip-shown'), banner: $('banner'), bootError: $('boot-error'),
  axisX: $('axis-x'), axisY: $('axis-y'), sliceParam: $('slice-param'),
  tableBody: document.querySelector('#param-table tbody'),
  sample: $('sample'), sampleError: $('sample-error'),
  sampleX: $('sample-x'), sampleY: $('sample-y'), sampleYhat: $('sample-yhat'),
  canvases: {
    landscape: $('c-landscape'), slice: $('c-slice'), loss: $('c-loss'), params: $('c-params'),
  },
};

const PRESET_OF = {
  healthy: Preset.Healthy, 'w3-500': Preset.W3Is500, 'w3-1000': Preset.W3Is1000,
  'large-uniform': Preset.LargeUniform, xavier: Preset.Xavier, he: Preset.He,
};
const SCHEME_OF = {
  uniform: InitScheme.Uniform, constant: InitScheme.Constant,
  'xavier-uniform': InitScheme.XavierUniform, 'xavier-normal': InitScheme.XavierNormal,
  'he-uniform': InitScheme.HeUniform, 'he-normal': InitScheme.HeNormal,
  'lecun-uniform': InitScheme.LecunUniform, 'lecun-normal': InitScheme.LecunNormal,
};
const slugOfScheme = (scheme) => SCHEMES.find((s) => SCHEME_OF[s] === scheme);

let ex;
let names = [];
/** Page state that the Explorer does not hold. */
const page = {
  playing: false,
  stepsPerFrame: 2,
  sample: 0,
  preset: undefined, // the preset's slug while nothing has been changed since it was applied
  startParams: [], // parameters at step 0, for the URL
  draft: { scale: 1, seed: 1 }, // what Initialize will use
  clipThreshold: 1,
};
const syncs = []; // functions that refresh one control from the Explorer
let cells = []; // table cells [value, grad, update] per parameter
let framePending = false;
let settleTimer;
/** Until this time (ms) the landscape uses its coarse grid: the page is still being changed. */
let coarseUntil = 0;
const SETTLE_MS = 250;

/**
 * Asks for a redraw after a change. At rest the first frame uses the landscape's coarse grid so
 * the page answers at once; the fine grid follows once nothing has changed for SETTLE_MS.
 */
function requestFrame() {
  if (!page.playing) {
    coarseUntil = performance.now() + SETTLE_MS;
    clearTimeout(settleTimer);
    settleTimer = setTimeout(scheduleFrame, SETTLE_MS + 10);
  }
  scheduleFrame();
}

/** Schedules one animation frame (at most one is pending). */
function scheduleFrame() {
  if (framePending) return;
  framePending = true;
  requestAnimationFrame(frame);
}

/** One frame: a training batch if playing, then every chart and number. */
function frame() {
  framePending = false;
  if (page.playing) {
    ex.step(page.stepsPerFrame);
    if (ex.divergence() !== undefined) setPlaying(false);
  }
  drawCharts(ex, ui.canvases, page.playing || performance.now() < coarseUntil);
  showNumbers();
  for (const sync of syncs) sync();
  if (page.playing) scheduleFrame();
}

/** Refreshes the status line, the banner, the parameter table and the sample. */
function showNumbers() {
  ui.stepCount.textContent = String(ex.stepCount());
  ui.loss.textContent = formatNumber(ex.loss());
  ui.gradNorm.textContent = formatNumber(ex.gradNorm());
  ui.lrShown.textContent = formatNumber(ex.learningRate());
  const clip = ex.clip();
  ui.clipShown.textContent = clip === undefined ? 'off' : `‖∇L‖ ≤ ${formatNumber(clip)}`;
  const message = ex.divergence();
  ui.banner.hidden = message === undefined;
  ui.banner.textContent = message ?? '';
  const [params, grads, updates] = [ex.params(), ex.grads(), ex.updates()];
  cells.forEach(([value, grad, update], i) => {
    value.textContent = formatNumber(params[i]);
    grad.textContent = formatNumber(grads[i]);
    update.textContent = formatNumber(updates[i]);
  });
  ui.sampleX.textContent = formatNumber(ex.sampleX(page.sample));
  ui.sampleY.textContent = String(ex.sampleY(page.sample));
  ui.sampleYhat.textContent = formatNumber(ex.prediction(page.sample));
}

/** Hides every control's error message: the state they complained about has moved on. */
function clearErrors() {
  for (const span of document.querySelectorAll('.controls .error')) showError(span, '');
}

/** Starts or stops the animation loop. */
function setPlaying(on) {
  page.playing = on && ex.divergence() === undefined;
  ui.play.textContent = page.playing ? 'Pause' : 'Play';
  ui.play.setAttribute('aria-pressed', String(page.playing));
  requestFrame();
}

/** Call after anything restarts the run (preset, init, edit): records the start for the URL. */
function restarted() {
  page.startParams = Array.from(ex.params());
}

/** Call after the learner changes a setting: the URL follows and the page redraws. */
function changed({ keepPreset = false } = {}) {
  if (!keepPreset) page.preset = undefined;
  saveUrl();
  requestFrame();
}

function saveUrl() {
  const [x, y] = ex.landscapeAxes();
  const views = { x, y, slice: ex.sliceParam(), sample: page.sample };
  if (page.preset !== undefined) {
    writeUrl({ preset: page.preset, ...views });
    return;
  }
  const params = Object.fromEntries(names.map((n, i) => [n, page.startParams[i]]));
  writeUrl({
    scheme: slugOfScheme(ex.initScheme()), scale: ex.initScale(), seed: ex.seed(),
    ...params, lr: ex.learningRate(), clip: ex.clip(), ...views,
  });
}

/** Loads a preset and refreshes every control from the Explorer. */
function applyPreset(slug) {
  ex.applyPreset(PRESET_OF[slug]);
  page.preset = slug;
  restarted();
  refreshSettings();
  changed({ keepPreset: true });
}

/** Copies the Explorer's settings into the controls that do not follow training. */
function refreshSettings() {
  ui.scheme.value = slugOfScheme(ex.initScheme());
  page.draft = { scale: ex.initScale(), seed: ex.seed() };
  const clip = ex.clip();
  ui.clipOn.checked = clip !== undefined;
  if (clip !== undefined) page.clipThreshold = clip;
  const [x, y] = ex.landscapeAxes();
  ui.axisX.value = String(x);
  ui.axisY.value = String(y);
  ui.sliceParam.value = String(ex.sliceParam());
  clearErrors();
  for (const sync of syncs) sync();
}

/** Builds one slider-plus-box row per parameter and one table row per parameter. */
function buildParamControls() {
  names.forEach((name, i) => {
    const row = ui.paramRow.content.firstElementChild.cloneNode(true);
    const [label, slider, box, error] = row.children;
    slider.id = `${name}-slider`;
    box.id = `${name}-box`;
    error.id = `${name}-error`;
    label.htmlFor = slider.id;
    label.textContent = name;
    box.setAttribute('aria-label', `${name}, exact value`);
    ui.paramRows.append(row);
    const sync = bindSliderBox({
      slider, box, error,
      apply: (v) => ex.setParam(i, v),
      read: () => ex.params()[i],
      toPos: symlogPosition,
      fromPos: symlogValue,
      onChange: () => { restarted(); changed(); },
    });
    syncs.push(() => {
      sync();
      slider.setAttribute('aria-valuetext', formatNumber(ex.params()[i]));
    });

    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = name;
    const tds = [0, 1, 2].map(() => document.createElement('td'));
    tr.append(th, ...tds);
    ui.tableBody.append(tr);
    cells.push(tds);

    for (const select of [ui.axisX, ui.axisY, ui.sliceParam]) {
      select.append(new Option(name, String(i)));
    }
  });
}

/** Wires every control other than the parameters. */
function bindControls() {
  ui.presets.addEventListener('click', (e) => {
    const slug = e.target.closest('button')?.dataset.preset;
    if (slug) applyPreset(slug);
  });
  ui.play.addEventListener('click', () => {
    clearErrors();
    setPlaying(!page.playing);
  });
  ui.step.addEventListener('click', () => {
    clearErrors();
    setPlaying(false);
    ex.step(1);
    requestFrame();
  });
  ui.reset.addEventListener('click', () => {
    clearErrors();
    setPlaying(false);
    ex.reset();
    requestFrame();
  });
  ui.speed.addEventListener('change', () => { page.stepsPerFrame = Number(ui.speed.value); });

  const syncLr = bindSliderBox({
    slider: ui.lrSlider, box: ui.lrBox, error: ui.lrError,
    apply: (v) => ex.setLearningRate(v),
    read: () => ex.learningRate(),
    toPos: logPosition, fromPos: logValue,
    onChange: () => changed(),
  });
  syncs.push(() => {
    syncLr();
    ui.lrSlider.setAttribute('aria-valuetext', formatNumber(ex.learningRate()));
  });

  ui.clipOn.addEventListener('change', () => {
    ex.setClip(ui.clipOn.checked ? page.clipThreshold : undefined);
    changed();
  });
  syncs.push(bindBox({
    box: ui.clipBox, error: ui.clipError, parse: parseNumber,
    apply: (v) => {
      // The Explorer validates the threshold even while clipping stays off.
      ex.setClip(v);
      if (!ui.clipOn.checked) ex.setClip(undefined);
      page.clipThreshold = v;
    },
    show: () => boxText(page.clipThreshold),
    onChange: () => changed(),
  }));

  syncs.push(bindBox({
    box: ui.scale, error: ui.scaleError, parse: parseNumber,
    apply: (v) => { page.draft.scale = v; },
    show: () => boxText(page.draft.scale),
    onChange: () => {},
  }));
  syncs.push(bindBox({
    box: ui.seed, error: ui.seedError, parse: (t) => parseInteger(t, 0, 2 ** 32 - 1),
    apply: (v) => { page.draft.seed = v; },
    show: () => String(page.draft.seed),
    onChange: () => {},
  }));
  ui.newSeed.addEventListener('click', () => {
    page.draft.seed = Explorer.freshSeed();
    ui.seed.value = String(page.draft.seed);
    showError(ui.seedError, '');
  });
  ui.initialize.addEventListener('click', () => {
    try {
      ex.setInit(SCHEME_OF[ui.scheme.value], page.draft.scale, page.draft.seed);
      clearErrors();
    } catch (e) {
      showError(ui.scaleError, e.message);
      return;
    }
    setPlaying(false);
    restarted();
    changed();
  });

  const setAxes = (changedSelect) => {
    const [x, y] = ex.landscapeAxes();
    let nx = Number(ui.axisX.value);
    let ny = Number(ui.axisY.value);
    // Choosing the other axis's parameter swaps the two instead of failing.
    if (nx === ny) [nx, ny] = changedSelect === ui.axisX ? [nx, x] : [y, ny];
    ex.setLandscapeAxes(nx, ny);
    ui.axisX.value = String(nx);
    ui.axisY.value = String(ny);
    changed({ keepPreset: true });
  };
  ui.axisX.addEventListener('change', () => setAxes(ui.axisX));
  ui.axisY.addEventListener('change', () => setAxes(ui.axisY));
  ui.sliceParam.addEventListener('change', () => {
    ex.setSliceParam(Number(ui.sliceParam.value));
    changed({ keepPreset: true });
  });

  syncs.push(bindBox({
    box: ui.sample, error: ui.sampleError,
    parse: (t) => parseInteger(t, 0, ex.sampleCount() - 1),
    apply: (v) => { page.sample = v; },
    show: () => String(page.sample),
    onChange: () => changed({ keepPreset: true }),
  }));

  new ResizeObserver(() => requestFrame()).observe(document.querySelector('.charts'));
}

/** Applies the settings a shared link carries, each one independently; bad values are skipped. */
function applyUrl(state) {
  const attempt = (f) => { try { f(); } catch (e) { console.info(`ignored URL value: ${e.message}`); } };
  if (state.preset !== undefined) ex.applyPreset(PRESET_OF[state.preset]);
  const custom = Object.keys(state).some((k) => !['preset', 'x', 'y', 'slice', 'sample'].includes(k));
  // A new Explorer starts at the healthy preset, so a link without settings is that preset.
  page.preset = custom ? undefined : state.preset ?? 'healthy';
  if (state.scheme !== undefined || state.scale !== undefined || state.seed !== undefined) {
    attempt(() => ex.setInit(SCHEME_OF[state.scheme ?? slugOfScheme(ex.initScheme())],
      state.scale ?? ex.initScale(), state.seed ?? ex.seed()));
  }
  names.forEach((n, i) => { if (state[n] !== undefined) attempt(() => ex.setParam(i, state[n])); });
  if (state.lr !== undefined) attempt(() => ex.setLearningRate(state.lr));
  if (state.clip !== undefined) attempt(() => ex.setClip(state.clip));
  if (state.x !== undefined && state.y !== undefined) attempt(() => ex.setLandscapeAxes(state.x, state.y));
  if (state.slice !== undefined) attempt(() => ex.setSliceParam(state.slice));
  if (state.sample !== undefined && state.sample < ex.sampleCount()) page.sample = state.sample;
}

async function main() {
  await init();
  ex = new Explorer();
  names = Array.from(ex.paramNames());
  buildParamControls();
  bindControls();
  applyUrl(readUrl());
  restarted();
  refreshSettings();
  saveUrl();
  document.body.dataset.ready = 'true';
  requestFrame();
}

main().catch((e) => {
  ui.bootError.hidden = false;
  ui.bootError.textContent = `Gradscope could not start: ${e.message}`;
  console.error(e);
});

