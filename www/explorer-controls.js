// The controls of one <gradscope-explorer>: built from the handle's catalog and shape, wired
// to the handle. Each function takes the element; the element owns the state.

import { Explorer } from './pkg/gradscope_web.js';
import { SPEEDS, ALONG_UPDATE } from './attributes.js';
import { formatNumber, boxText, parseNumber, parseInteger, setAttr } from './format.js';
import {
  bindSliderBox, bindBox, showError, symlogPosition, symlogValue, SYMLOG_STEPS, logPosition, logValue,
} from './controls.js';
import { endReplay } from './replay.js';

/** Fills the lists and the quoted constants from the catalog. */
export function buildStaticControls(el) {
  const { catalog } = el.constructor;
  for (const p of catalog.presets) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.preset = p.id;
    b.textContent = p.label;
    b.title = p.caption;
    el.ui.presets.append(b);
  }
  for (const s of catalog.schemes) el.ui.scheme.append(new Option(s.label, s.id));
  for (const a of catalog.activations) el.ui.activation.append(new Option(a.label, a.id));
  for (const d of catalog.datasets) el.ui.dataset.append(new Option(`${d.label} (${d.size})`, d.id));
  for (const n of SPEEDS) el.ui.speed.append(new Option(`${n} step${n === 1 ? '' : 's'} / frame`, String(n)));
  for (const span of el.root.querySelectorAll('[data-const]')) {
    span.textContent = String(catalog.views[span.dataset.const]);
  }
}

/** Rebuilds the parameter rows, table and pickers when the network's shape has changed. */
export function buildParamControls(el) {
  const shape = el.ex.shape();
  const key = `${shape.widths.join(',')}:${shape.activation}`;
  if (key !== el.shapeKey) {
    el.shapeKey = key;
    el.shape = shape;
    el.pick = { layer: shape.widths.length - 1, unit: 0 };
    el.picked = undefined;
    el.ui.diagramActions.hidden = true;
    el.ui.diagramPick.textContent = 'Click an edge to pick its weight.';
    el.ui.unitPicker.hidden = shape.widthOne;
    el.ui.pickLayer.replaceChildren(...shape.widths.slice(1).map((_, l) => new Option(`${l + 1}`, String(l + 1))));
  }
  buildParamRows(el);
}

/**
 * The parameters shown by the sliders, the table, the parameter chart and the axis menus: all
 * of them for one unit per layer; else the chosen unit's weights and bias (a 50 × 32 network
 * has 50 000 parameters), plus whatever the charts' axes are on.
 */
export function buildParamRows(el) {
  const { shape, ui } = el;
  const shown = shape.widthOne ? shape.params
    : shape.params.filter((p) => p.layer === el.pick.layer && p.row === el.pick.unit);
  if (!shape.widthOne) {
    ui.pickLayer.value = String(el.pick.layer);
    const units = shape.widths[el.pick.layer];
    ui.pickUnit.replaceChildren(...Array.from({ length: units }, (_, j) => new Option(String(j), String(j))));
    ui.pickUnit.value = String(el.pick.unit);
  }
  el.shownParams = shape.widthOne ? undefined : Uint32Array.from(shown, (p) => p.index);
  ui.paramRows.replaceChildren();
  el.paramSyncs = shown.map((p) => paramRow(el, p));

  ui.tableBody.replaceChildren();
  el.cells = new Map();
  for (const p of shown) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = p.name;
    const tds = [0, 1, 2].map(() => document.createElement('td'));
    tr.append(th, ...tds);
    ui.tableBody.append(tr);
    el.cells.set(p.index, tds);
  }
  const [x, y] = el.ex.landscapeAxes();
  const inMenus = new Set([...shown.map((p) => p.index), x, y, el.ex.overshootParam()]);
  const options = shape.params.filter((p) => inMenus.has(p.index));
  for (const select of [ui.axisX, ui.axisY, ui.overshootParam]) {
    select.replaceChildren(...options.map((p) => new Option(p.name, String(p.index))));
  }
  ui.overshootParam.prepend(new Option('the update, −∇L', ALONG_UPDATE));
}

/** A slider-plus-box row for parameter p of the shape. */
export function paramRow(el, p) {
  const row = el.ui.paramRow.content.firstElementChild.cloneNode(true);
  const [label, slider, box, error, note] = row.children;
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
  el.ui.paramRows.append(row);
  const sync = bindSliderBox({
    slider, box, error,
    apply: (v) => el.ex.setParam(p.index, v),
    read: () => el.ex.params()[p.index],
    toPos: symlogPosition,
    fromPos: symlogValue,
    onChange: () => el.changed(),
    note,
    range: `${boxText(symlogValue(-SYMLOG_STEPS))} to ${boxText(symlogValue(SYMLOG_STEPS))}`,
  });
  return (params) => {
    sync(params[p.index]);
    setAttr(slider, 'aria-valuetext', formatNumber(params[p.index]));
  };
}

/** Wires every control other than the parameter rows. */
export function bindControls(el) {
  const { ui } = el;
  // While a slider is dragged the link is written once, when it is let go: writing the
  // address bar on every move took up to 16 ms of each frame.
  el.root.addEventListener('pointerdown', (e) => {
    if (e.target.type !== 'range' || el.sliding) return;
    el.sliding = true;
    const release = () => {
      window.removeEventListener('pointerup', release);
      window.removeEventListener('pointercancel', release);
      el.sliding = false;
      if (el.announceLater) { el.announceLater = false; el.announce(); }
    };
    window.addEventListener('pointerup', release);
    window.addEventListener('pointercancel', release);
  });
  // Fragment links do not reach into a shadow root: the skip link moves focus itself.
  el.part('#skip').addEventListener('click', (e) => {
    e.preventDefault();
    el.part('#charts-start').focus();
  });
  ui.presets.addEventListener('click', (e) => {
    const id = e.target.closest('button')?.dataset.preset;
    if (id === undefined) return;
    el.ex.applyPreset(id);
    el.settingsChanged();
  });
  // Play, Step and Reset end a link's replay where it is: the learner takes over from there.
  ui.play.addEventListener('click', () => {
    el.clearErrors();
    ui.resetNote.hidden = true;
    if (el.replayTarget !== undefined) endReplay(el);
    el.setPlaying(!el.playing);
  });
  ui.step.addEventListener('click', () => {
    el.clearErrors();
    ui.resetNote.hidden = true;
    el.setPlaying(false);
    if (el.replayTarget !== undefined) endReplay(el);
    el.ex.step(1);
    el.announce();
    el.requestFrame();
  });
  ui.reset.addEventListener('click', () => {
    el.clearErrors();
    el.setPlaying(false);
    endReplay(el);
    const further = el.ex.reset();
    // A start that diverged at once is left for the last one that did not: say so.
    ui.resetNote.hidden = !further;
    if (further) el.settingsChanged();
    el.announce();
    el.requestFrame();
  });
  ui.speed.addEventListener('change', () => {
    el.speed = Number(ui.speed.value);
    el.changed();
  });

  const syncLr = bindSliderBox({
    slider: ui.lrSlider, box: ui.lrBox, error: ui.lrError,
    apply: (v) => el.ex.setLearningRate(v),
    read: () => el.ex.learningRate(),
    toPos: logPosition, fromPos: logValue,
    onChange: () => el.changed(),
    note: ui.lrNote,
    range: `${boxText(logValue(ui.lrSlider.min))} to ${boxText(logValue(ui.lrSlider.max))}`,
  });
  el.syncs.push(() => {
    syncLr();
    setAttr(ui.lrSlider, 'aria-valuetext', formatNumber(el.ex.learningRate()));
  });

  ui.clipOn.addEventListener('change', () => {
    el.ex.setClipping(ui.clipOn.checked);
    el.changed();
  });
  el.syncs.push(bindBox({
    box: ui.clipBox, error: ui.clipError, parse: parseNumber,
    apply: (v) => el.ex.setClipThreshold(v),
    show: () => boxText(el.ex.clipThreshold()),
    onChange: () => el.changed(),
  }));
  el.syncs.push(() => { ui.clipOn.checked = el.ex.clip() !== undefined; });

  const { limits } = el.constructor.catalog;
  const shapeBox = (box, read, make) => el.syncs.push(bindBox({
    box, error: ui.shapeError, parse: (t) => t,
    apply: (t) => {
      const s = el.ex.shape();
      el.ex.setShape(...make(t, s));
      el.setPlaying(false);
    },
    // The element's cached shape: the handle's carries every parameter's name (50 000 on the
    // largest network), and this runs every frame.
    show: () => String(read(el.shape)),
    onChange: () => el.settingsChanged(),
  }));
  shapeBox(ui.layers, (s) => s.hiddenLayers,
    (t, s) => [parseInteger(t, 1, limits.maxHiddenLayers), s.width, s.activation]);
  shapeBox(ui.width, (s) => s.width,
    (t, s) => [s.hiddenLayers, parseInteger(t, 1, limits.maxWidth), s.activation]);
  ui.activation.addEventListener('change', () => {
    const s = el.ex.shape();
    el.ex.setShape(s.hiddenLayers, s.width, ui.activation.value);
    el.setPlaying(false);
    el.settingsChanged();
  });
  ui.dataset.addEventListener('change', () => {
    el.ex.setDataset(ui.dataset.value);
    el.setPlaying(false);
    el.settingsChanged();
  });
  ui.pickLayer.addEventListener('change', () => {
    el.pick = { layer: Number(ui.pickLayer.value), unit: 0 };
    buildParamRows(el);
    el.requestFrame();
  });
  ui.pickUnit.addEventListener('change', () => {
    el.pick.unit = Number(ui.pickUnit.value);
    buildParamRows(el);
    el.requestFrame();
  });

  // The scheme, scale and seed apply as soon as they are chosen (a box on Enter or when it is
  // left): what the form shows is what drew the weights, and what a link carries.
  const redraw = (scheme, scale, seed) => {
    el.ex.setInit(scheme, scale, seed);
    el.setPlaying(false);
  };
  ui.scheme.addEventListener('change', () => {
    try {
      redraw(ui.scheme.value, el.ex.initScale(), el.ex.seed());
    } catch (e) {
      ui.scheme.value = el.ex.initScheme();
      showError(ui.scaleError, e.message);
      return;
    }
    el.settingsChanged();
  });
  el.syncs.push(bindBox({
    box: ui.scale, error: ui.scaleError, parse: parseNumber,
    apply: (v) => redraw(el.ex.initScheme(), v, el.ex.seed()),
    show: () => boxText(el.ex.initScale()),
    onChange: () => el.settingsChanged(),
  }));
  el.syncs.push(bindBox({
    box: ui.seed, error: ui.seedError, parse: (t) => parseInteger(t, 0, limits.maxSeed),
    apply: (v) => redraw(el.ex.initScheme(), el.ex.initScale(), v),
    show: () => String(el.ex.seed()),
    onChange: () => el.settingsChanged(),
  }));
  ui.newSeed.addEventListener('click', () => {
    redraw(el.ex.initScheme(), el.ex.initScale(), Explorer.freshSeed());
    el.settingsChanged();
  });
  ui.initialize.addEventListener('click', () => {
    // Draws again from the scheme and seed in force: back to their weights after edits.
    redraw(el.ex.initScheme(), el.ex.initScale(), el.ex.seed());
    el.clearErrors();
    el.settingsChanged();
  });

  const setAxes = (changedSelect) => {
    const [x, y] = el.ex.landscapeAxes();
    let nx = Number(ui.axisX.value);
    let ny = Number(ui.axisY.value);
    // Choosing the other axis's parameter swaps the two instead of failing.
    if (nx === ny) [nx, ny] = changedSelect === ui.axisX ? [nx, x] : [y, ny];
    el.ex.setLandscapeAxes(nx, ny);
    // Both menus show the swap at once, not at the next frame.
    ui.axisX.value = String(nx);
    ui.axisY.value = String(ny);
    el.changed();
  };
  ui.axisX.addEventListener('change', () => setAxes(ui.axisX));
  ui.axisY.addEventListener('change', () => setAxes(ui.axisY));
  ui.diagramGrads.addEventListener('change', () => {
    el.ex.setDiagramGradients(ui.diagramGrads.checked);
    el.requestFrame();
  });
  el.canvases.diagram.addEventListener('click', (e) => {
    const c = el.canvases.diagram;
    const index = el.ex.pickWeight(e.offsetX, e.offsetY, c.clientWidth, c.clientHeight);
    if (index !== undefined) pickWeight(el, index);
  });
  ui.pickX.addEventListener('click', () => putOnLandscape(el, 0));
  ui.pickY.addEventListener('click', () => putOnLandscape(el, 1));
  ui.hold.addEventListener('change', () => {
    el.ex.setHoldLandscape(ui.hold.checked);
    el.changed();
  });
  ui.chainParam.addEventListener('change', () => {
    el.chainParam = Number(ui.chainParam.value);
    el.requestFrame();
  });
  ui.overshootParam.addEventListener('change', () => {
    const v = ui.overshootParam.value;
    if (v === ALONG_UPDATE) el.ex.setOvershootAlongUpdate();
    else el.ex.setOvershootParam(Number(v));
    el.changed();
  });
  el.syncs.push(() => {
    const [x, y] = el.ex.landscapeAxes();
    ui.axisX.value = String(x);
    ui.axisY.value = String(y);
    ui.overshootParam.value = String(el.ex.overshootParam() ?? ALONG_UPDATE);
    ui.hold.checked = el.ex.holdLandscape();
    ui.speed.value = String(el.speed);
  });

  el.syncs.push(bindBox({
    box: ui.sample, error: ui.sampleError,
    parse: (t) => parseInteger(t, 0, el.ex.sampleCount() - 1),
    apply: (v) => el.ex.setSample(v),
    show: () => String(el.ex.sample()),
    onChange: () => el.changed(),
  }));
}

/** True when a parameter name can serve in an element id (w1, b3; not W2[0][1]). */
function idSafe(name) {
  return /^[a-z]\d+$/.test(name);
}

/** After a click on the diagram: that weight gets the slider (its unit's row) and the actions. */
export function pickWeight(el, index) {
  const p = el.shape.params[index];
  el.picked = index;
  if (!el.shape.widthOne) {
    el.pick = { layer: p.layer, unit: p.row };
    buildParamRows(el);
  }
  el.ui.diagramPick.textContent = `Picked ${p.name}: its slider is in Weights and biases.`;
  el.ui.diagramActions.hidden = false;
  el.ui.pickX.textContent = `Put ${p.name} on the landscape's x axis`;
  const box = el.ui.paramRows.querySelector(`[aria-label="${p.name}, exact value"]`);
  box?.focus();
  el.requestFrame();
}

/** Puts the picked weight on the landscape's x (axis 0) or y (axis 1) axis. */
function putOnLandscape(el, axis) {
  if (el.picked === undefined) return;
  const axes = el.ex.landscapeAxes();
  const other = axes[1 - axis];
  if (other === el.picked) axes[1 - axis] = axes[axis];
  axes[axis] = el.picked;
  el.ex.setLandscapeAxes(axes[0], axes[1]);
  buildParamRows(el);
  el.changed();
}

/** Says what the scale means for the scheme chosen in el's menu (`schemes`: the catalog's). */
export function showScaleMeaning(el, schemes) {
  const scheme = schemes.find((s) => s.id === el.ui.scheme.value);
  el.ui.scaleMeaning.textContent = scheme?.scaleMeaning ?? '';
}
