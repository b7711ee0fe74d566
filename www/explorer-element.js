// <gradscope-explorer>: one explorer — its controls, charts and numbers in its own shadow root,
// its own wasm handle and its own animation loop. Attributes are its API and use the link's
// names (attributes.js); several can live on one page.

import { Explorer } from './pkg/gradscope_web.js';
import { TEMPLATE } from './template.js';
import { buildTable, applyValues, linkPairs, SPEEDS, DEFAULT_SPEED } from './attributes.js';
import { formatNumber, boxText, parseNumber, parseInteger } from './format.js';
import {
  bindSliderBox, bindBox, showError, symlogPosition, symlogValue, SYMLOG_STEPS, logPosition, logValue,
} from './controls.js';
import { drawCharts } from './charts.js';

/** After the last change, the landscape waits this long (ms) before its fine grid. */
const SETTLE_MS = 250;
/** Attributes every element may carry that are not settings. */
const STANDARD = /^(id|class|style|slot|hidden|title|lang|dir|tabindex|part|ready|data-.*|aria-.*)$/;

export class GradscopeExplorer extends HTMLElement {
  /** The handle's catalog and the settings table, set once by gradscope.js before define. */
  static setup(catalog) {
    GradscopeExplorer.catalog = catalog;
    GradscopeExplorer.table = buildTable(catalog);
  }

  static get observedAttributes() {
    return GradscopeExplorer.table.names;
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = TEMPLATE;
    this.ex = undefined;
    this.playing = false;
    this.speed = DEFAULT_SPEED;
    this.draft = { scale: 1, seed: 1 }; // what Initialize will use
    this.syncs = []; // functions that refresh one control from the handle
    this.paramSyncs = []; // the same, for the parameter rows (rebuilt with the shape)
    this.cells = []; // table cells [value, grad, update] per parameter
    this.shapeKey = '';
    this.pick = { layer: 1, unit: 0 }; // which unit's parameters get sliders on wide networks
    this.frameId = 0;
    this.settleTimer = 0;
    this.coarseUntil = 0;
    this.onScreen = true;
    this.applied = false;
    this.lastFrameFine = false;
    this.changedNames = new Set();
    this.problems = new Map(); // attribute name → message, shown in the notice
    this.reported = new Map(); // the same, reported by the host page (e.g. unknown link keys)
  }

  connectedCallback() {
    if (this.ex === undefined && !this.boot()) return;
    this.intersection = new IntersectionObserver((entries) => {
      this.onScreen = entries[entries.length - 1].isIntersecting;
      if (this.onScreen) this.requestFrame();
    });
    this.intersection.observe(this);
    this.resize = new ResizeObserver(() => this.requestFrame());
    this.resize.observe(this.part('.charts'));
    this.onVisibility = () => { if (!document.hidden) this.requestFrame(); };
    document.addEventListener('visibilitychange', this.onVisibility);
    this.requestFrame();
  }

  disconnectedCallback() {
    cancelAnimationFrame(this.frameId);
    this.frameId = 0;
    clearTimeout(this.settleTimer);
    this.intersection?.disconnect();
    this.resize?.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  attributeChangedCallback(name) {
    this.changedNames.add(name);
    if (this.applied) queueMicrotask(() => this.applyAttributes());
  }

  /** The wasm handle (for host pages and tests that read the numbers behind the screen). */
  get explorer() {
    return this.ex;
  }

  /** True while any part of the element is on screen. */
  get visible() {
    return this.onScreen;
  }

  /** True when nothing is pending: not playing, the resting (fine) frame drawn, no frame requested. */
  get idle() {
    return this.applied && !this.playing && this.frameId === 0 && this.lastFrameFine;
  }

  /** The first element matching selector in this explorer's root. */
  part(selector) {
    return this.root.querySelector(selector);
  }

  /** Creates the handle and the controls; on failure shows why and returns false. */
  boot() {
    try {
      this.ex = new Explorer();
    } catch (e) {
      const msg = this.part('#boot-error');
      msg.hidden = false;
      msg.textContent = `Gradscope could not start: ${e.message}`;
      return false;
    }
    this.ui = Object.fromEntries([
      'presets', 'preset-caption', 'play', 'step', 'reset', 'speed', 'lr-slider', 'lr-box', 'lr-error',
      'clip-on', 'clip-box', 'clip-error', 'layers', 'width', 'shape-error', 'activation', 'dataset',
      'unit-picker', 'pick-layer', 'pick-unit', 'param-rows', 'param-row', 'scheme', 'scale',
      'scale-error', 'scale-meaning', 'seed', 'seed-error', 'new-seed', 'initialize', 'notice', 'step-count',
      'loss', 'grad-norm', 'lr-shown', 'clip-shown', 'banner', 'axis-x', 'axis-y', 'overshoot-param',
      'sample', 'sample-error', 'sample-max', 'sample-x', 'sample-y', 'sample-yhat', 'x-meaning', 'y-meaning',
    ].map((id) => [camel(id), this.part(`#${id}`)]));
    this.ui.tableBody = this.part('#param-table tbody');
    this.canvases = {
      landscape: this.part('#c-landscape'), overshoot: this.part('#c-overshoot'),
      loss: this.part('#c-loss'), params: this.part('#c-params'),
    };
    this.buildStaticControls();
    this.bindControls();
    return true;
  }

  /** Fills the lists and the quoted constants from the catalog. */
  buildStaticControls() {
    const { catalog } = GradscopeExplorer;
    for (const p of catalog.presets) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.preset = p.id;
      b.textContent = p.label;
      b.title = p.caption;
      this.ui.presets.append(b);
    }
    for (const s of catalog.schemes) this.ui.scheme.append(new Option(s.label, s.id));
    for (const a of catalog.activations) this.ui.activation.append(new Option(a.label, a.id));
    for (const d of catalog.datasets) this.ui.dataset.append(new Option(`${d.label} (${d.size})`, d.id));
    for (const n of SPEEDS) this.ui.speed.append(new Option(`${n} step${n === 1 ? '' : 's'} / frame`, String(n)));
    for (const span of this.root.querySelectorAll('[data-const]')) {
      span.textContent = String(catalog.views[span.dataset.const]);
    }
  }

  /** Rebuilds the parameter rows, table and pickers when the network's shape has changed. */
  buildParamControls() {
    const shape = this.ex.shape();
    const key = `${shape.widths.join(',')}:${shape.activation}`;
    const rebuilt = key !== this.shapeKey;
    if (rebuilt) {
      this.shapeKey = key;
      this.shape = shape;
      this.pick = { layer: 1, unit: 0 };
      this.ui.tableBody.replaceChildren();
      this.cells = [];
      for (const select of [this.ui.axisX, this.ui.axisY, this.ui.overshootParam]) select.replaceChildren();
      for (const p of shape.params) {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = p.name;
        const tds = [0, 1, 2].map(() => document.createElement('td'));
        tr.append(th, ...tds);
        this.ui.tableBody.append(tr);
        this.cells.push(tds);
        for (const select of [this.ui.axisX, this.ui.axisY, this.ui.overshootParam]) {
          select.append(new Option(p.name, String(p.index)));
        }
      }
      this.ui.unitPicker.hidden = shape.widthOne;
      this.ui.pickLayer.replaceChildren(...shape.widths.slice(1).map((_, l) => new Option(`${l + 1}`, String(l + 1))));
    }
    this.buildParamRows();
  }

  /** One slider-plus-box row per parameter shown: all of them for one unit per layer, else the chosen unit's. */
  buildParamRows() {
    const { shape } = this;
    const shown = shape.widthOne ? shape.params
      : shape.params.filter((p) => p.layer === this.pick.layer && p.row === this.pick.unit);
    if (!shape.widthOne) {
      this.ui.pickLayer.value = String(this.pick.layer);
      const units = shape.widths[this.pick.layer];
      this.ui.pickUnit.replaceChildren(...Array.from({ length: units }, (_, j) => new Option(String(j), String(j))));
      this.ui.pickUnit.value = String(this.pick.unit);
    }
    this.ui.paramRows.replaceChildren();
    this.paramSyncs = shown.map((p) => this.paramRow(p));
  }

  /** A slider-plus-box row for parameter p of the shape. */
  paramRow(p) {
    const row = this.ui.paramRow.content.firstElementChild.cloneNode(true);
    const [label, slider, box, error] = row.children;
    // Ids by name where the name can be one (w3-box), else by flat index (p12-box).
    const id = idSafe(p.name) ? p.name : `p${p.index}`;
    slider.id = `${id}-slider`;
    box.id = `${id}-box`;
    error.id = `${id}-error`;
    label.htmlFor = slider.id;
    slider.min = String(-SYMLOG_STEPS);
    slider.max = String(SYMLOG_STEPS);
    label.textContent = p.name;
    box.setAttribute('aria-label', `${p.name}, exact value`);
    this.ui.paramRows.append(row);
    const sync = bindSliderBox({
      slider, box, error,
      apply: (v) => this.ex.setParam(p.index, v),
      read: () => this.ex.params()[p.index],
      toPos: symlogPosition,
      fromPos: symlogValue,
      onChange: () => this.changed(),
    });
    return () => {
      sync();
      slider.setAttribute('aria-valuetext', formatNumber(this.ex.params()[p.index]));
    };
  }

  /** Wires every control other than the parameter rows. */
  bindControls() {
    const { ui } = this;
    ui.presets.addEventListener('click', (e) => {
      const id = e.target.closest('button')?.dataset.preset;
      if (id === undefined) return;
      this.ex.applyPreset(id);
      this.settingsChanged();
    });
    ui.play.addEventListener('click', () => {
      this.clearErrors();
      this.setPlaying(!this.playing);
    });
    ui.step.addEventListener('click', () => {
      this.clearErrors();
      this.setPlaying(false);
      this.ex.step(1);
      this.requestFrame();
    });
    ui.reset.addEventListener('click', () => {
      this.clearErrors();
      this.setPlaying(false);
      this.ex.reset();
      this.requestFrame();
    });
    ui.speed.addEventListener('change', () => {
      this.speed = Number(ui.speed.value);
      this.changed();
    });

    const syncLr = bindSliderBox({
      slider: ui.lrSlider, box: ui.lrBox, error: ui.lrError,
      apply: (v) => this.ex.setLearningRate(v),
      read: () => this.ex.learningRate(),
      toPos: logPosition, fromPos: logValue,
      onChange: () => this.changed(),
    });
    this.syncs.push(() => {
      syncLr();
      ui.lrSlider.setAttribute('aria-valuetext', formatNumber(this.ex.learningRate()));
    });

    ui.clipOn.addEventListener('change', () => {
      this.ex.setClipping(ui.clipOn.checked);
      this.changed();
    });
    this.syncs.push(bindBox({
      box: ui.clipBox, error: ui.clipError, parse: parseNumber,
      apply: (v) => this.ex.setClipThreshold(v),
      show: () => boxText(this.ex.clipThreshold()),
      onChange: () => this.changed(),
    }));
    this.syncs.push(() => { ui.clipOn.checked = this.ex.clip() !== undefined; });

    const { limits } = GradscopeExplorer.catalog;
    const shapeBox = (box, read, make) => this.syncs.push(bindBox({
      box, error: ui.shapeError, parse: (t) => t,
      apply: (t) => {
        const s = this.ex.shape();
        this.ex.setShape(...make(t, s));
        this.setPlaying(false);
      },
      show: () => String(read(this.ex.shape())),
      onChange: () => this.settingsChanged(),
    }));
    shapeBox(ui.layers, (s) => s.hiddenLayers,
      (t, s) => [parseInteger(t, 1, limits.maxHiddenLayers), s.width, s.activation]);
    shapeBox(ui.width, (s) => s.width,
      (t, s) => [s.hiddenLayers, parseInteger(t, 1, limits.maxWidth), s.activation]);
    ui.activation.addEventListener('change', () => {
      const s = this.ex.shape();
      this.ex.setShape(s.hiddenLayers, s.width, ui.activation.value);
      this.setPlaying(false);
      this.settingsChanged();
    });
    ui.dataset.addEventListener('change', () => {
      this.ex.setDataset(ui.dataset.value);
      this.setPlaying(false);
      this.settingsChanged();
    });
    ui.pickLayer.addEventListener('change', () => {
      this.pick = { layer: Number(ui.pickLayer.value), unit: 0 };
      this.buildParamRows();
      this.requestFrame();
    });
    ui.pickUnit.addEventListener('change', () => {
      this.pick.unit = Number(ui.pickUnit.value);
      this.buildParamRows();
      this.requestFrame();
    });

    ui.scheme.addEventListener('change', () => this.showScaleMeaning());
    this.syncs.push(bindBox({
      box: ui.scale, error: ui.scaleError, parse: parseNumber,
      apply: (v) => { this.draft.scale = v; },
      show: () => boxText(this.draft.scale),
      onChange: () => {},
    }));
    this.syncs.push(bindBox({
      box: ui.seed, error: ui.seedError, parse: (t) => parseInteger(t, 0, limits.maxSeed),
      apply: (v) => { this.draft.seed = v; },
      show: () => String(this.draft.seed),
      onChange: () => {},
    }));
    ui.newSeed.addEventListener('click', () => {
      this.draft.seed = Explorer.freshSeed();
      ui.seed.value = String(this.draft.seed);
      showError(ui.seedError, '');
    });
    ui.initialize.addEventListener('click', () => {
      try {
        this.ex.setInit(ui.scheme.value, this.draft.scale, this.draft.seed);
      } catch (e) {
        showError(ui.scaleError, e.message);
        return;
      }
      this.clearErrors();
      this.setPlaying(false);
      this.settingsChanged();
    });

    const setAxes = (changedSelect) => {
      const [x, y] = this.ex.landscapeAxes();
      let nx = Number(ui.axisX.value);
      let ny = Number(ui.axisY.value);
      // Choosing the other axis's parameter swaps the two instead of failing.
      if (nx === ny) [nx, ny] = changedSelect === ui.axisX ? [nx, x] : [y, ny];
      this.ex.setLandscapeAxes(nx, ny);
      this.changed();
    };
    ui.axisX.addEventListener('change', () => setAxes(ui.axisX));
    ui.axisY.addEventListener('change', () => setAxes(ui.axisY));
    ui.overshootParam.addEventListener('change', () => {
      this.ex.setOvershootParam(Number(ui.overshootParam.value));
      this.changed();
    });
    this.syncs.push(() => {
      const [x, y] = this.ex.landscapeAxes();
      ui.axisX.value = String(x);
      ui.axisY.value = String(y);
      ui.overshootParam.value = String(this.ex.overshootParam());
      ui.speed.value = String(this.speed);
    });

    this.syncs.push(bindBox({
      box: ui.sample, error: ui.sampleError,
      parse: (t) => parseInteger(t, 0, this.ex.sampleCount() - 1),
      apply: (v) => this.ex.setSample(v),
      show: () => String(this.ex.sample()),
      onChange: () => this.changed(),
    }));
  }

  /** Applies changed attributes (all of them the first time, or when one restarts the run). */
  applyAttributes() {
    const names = [...this.changedNames];
    this.changedNames.clear();
    if (this.applied && names.length === 0) return;
    const { table } = GradscopeExplorer;
    const restart = !this.applied || names.some((n) => table.entries.find((e) => e.name === n)?.restarts);
    const chosen = restart ? table.names : names;
    const values = {};
    for (const name of chosen) {
      const text = this.getAttribute(name);
      if (text !== null) values[name] = text;
    }
    if (restart) {
      this.setPlaying(false);
      this.ex.applyPreset(GradscopeExplorer.catalog.presets[0].id);
      this.speed = DEFAULT_SPEED;
      this.problems.clear();
      for (const { name, value } of this.attributes) {
        if (!table.names.includes(name) && !STANDARD.test(name)) {
          this.problems.set(name, `${name}="${value}": not a setting of this explorer`);
        }
      }
    }
    for (const name of chosen) this.problems.delete(name);
    for (const p of applyValues(table, this.ex, this, values)) {
      this.problems.set(p.name, `${p.name}="${p.text}": ${p.message}`);
    }
    this.applied = true;
    this.settingsChanged();
  }

  /** Reports settings a host page (or a link) passed that were not used. */
  reportIgnored(items) {
    for (const { name, message } of items) this.reported.set(name, message);
    if (this.ui !== undefined) this.showNotice();
  }

  /** Shows (or hides) the list of settings that were not used. */
  showNotice() {
    const list = [...this.reported.values(), ...this.problems.values()];
    this.ui.notice.hidden = list.length === 0;
    this.ui.notice.textContent = list.length === 0 ? ''
      : `Ignored (the explorer kept its own value): ${list.join('; ')}.`;
  }

  /** The current state as link pairs [name, text] (the same names as the attributes). */
  linkPairs() {
    return linkPairs(GradscopeExplorer.table, this.ex, this);
  }

  /** Asks for a redraw. At rest the first frame uses the coarse landscape; the fine one follows. */
  requestFrame() {
    if (!this.playing) {
      this.coarseUntil = performance.now() + SETTLE_MS;
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => this.scheduleFrame(), SETTLE_MS + 10);
    }
    this.scheduleFrame();
  }

  /** Schedules one animation frame (at most one is pending) while connected. */
  scheduleFrame() {
    if (this.frameId !== 0 || !this.isConnected || this.ex === undefined) return;
    this.frameId = requestAnimationFrame(() => this.frame());
  }

  /** One frame: a training batch if playing, then every chart and number. */
  frame() {
    this.frameId = 0;
    if (!this.applied) this.applyAttributes();
    if (!this.onScreen || document.hidden) return; // resumed by the observers
    if (this.playing) {
      this.ex.step(this.speed);
      if (this.ex.divergence() !== undefined) this.setPlaying(false);
    }
    const fast = this.playing || performance.now() < this.coarseUntil;
    drawCharts(this.ex, this.canvases, fast);
    this.lastFrameFine = !fast;
    this.showNumbers();
    for (const sync of this.syncs) sync();
    for (const sync of this.paramSyncs) sync();
    if (!this.hasAttribute('ready')) {
      this.setAttribute('ready', '');
      this.dispatchEvent(new Event('gradscope-ready', { bubbles: true, composed: true }));
    }
    if (this.playing) this.scheduleFrame();
  }

  /** Refreshes the status line, the banner, the parameter table and the sample. */
  showNumbers() {
    const { ui, ex } = this;
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
    this.cells.forEach(([value, grad, update], i) => {
      value.textContent = formatNumber(params[i]);
      grad.textContent = formatNumber(grads[i]);
      update.textContent = formatNumber(updates[i]);
    });
    ui.sampleX.textContent = formatNumber(ex.sampleX());
    ui.sampleY.textContent = String(ex.sampleY());
    ui.sampleYhat.textContent = formatNumber(ex.prediction());
  }

  /** Says what the scale means for the scheme chosen in the menu. */
  showScaleMeaning() {
    const scheme = GradscopeExplorer.catalog.schemes.find((s) => s.id === this.ui.scheme.value);
    this.ui.scaleMeaning.textContent = scheme?.scaleMeaning ?? '';
  }

  /** Hides every control's error message: the state they complained about has moved on. */
  clearErrors() {
    for (const span of this.root.querySelectorAll('.controls .error')) showError(span, '');
  }

  /** Starts or stops training. */
  setPlaying(on) {
    this.playing = on && this.ex.divergence() === undefined;
    this.ui.play.textContent = this.playing ? 'Pause' : 'Play';
    this.ui.play.setAttribute('aria-pressed', String(this.playing));
    this.requestFrame();
  }

  /** After a change that may restart the run or change its shape: every control follows. */
  settingsChanged() {
    const { ex, ui } = this;
    this.buildParamControls();
    ui.scheme.value = ex.initScheme();
    this.showScaleMeaning();
    this.draft = { scale: ex.initScale(), seed: ex.seed() };
    ui.activation.value = ex.shape().activation;
    ui.dataset.value = ex.dataset();
    const data = GradscopeExplorer.catalog.datasets.find((d) => d.id === ex.dataset());
    ui.sampleMax.textContent = String(ex.sampleCount() - 1);
    ui.xMeaning.textContent = data.xMeaning;
    ui.yMeaning.textContent = data.yMeaning;
    const preset = GradscopeExplorer.catalog.presets.find((p) => p.id === ex.preset());
    ui.presetCaption.textContent = preset?.caption ?? '';
    this.clearErrors();
    this.showNotice();
    this.changed();
  }

  /** After the learner changes a setting: listeners (the URL binding) hear of it; redraw. */
  changed() {
    this.dispatchEvent(new Event('gradscope-change', { bubbles: true, composed: true }));
    this.requestFrame();
  }
}

/** kebab-case id → camelCase key. */
function camel(id) {
  return id.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

/** True when a parameter name can serve in an element id (w1, b3; not W2[0][1]). */
function idSafe(name) {
  return /^[a-z]\d+$/.test(name);
}
