// The numbers of one <gradscope-explorer>, refreshed every frame from its handle: the status
// line, the banners, the parameter table, the update line's sentence, the preset marks and
// the chosen sample.

import { formatNumber, setAttr, setHidden, setText } from './format.js';
import { showUpdateLine } from './update-line.js';

/**
 * Refreshes the status line, the banners, the parameter table and the sample; `params` is θ as
 * read this frame; `refresh.table` and `refresh.sample` say whether those two are refreshed
 * this frame too (the explorer skips them, while training, when they are out of view).
 */
export function showNumbers(el, params, refresh) {
  const { ui, ex } = el;
  setText(ui.stepCount, String(ex.stepCount()));
  setText(ui.loss, formatNumber(ex.loss()));
  setText(ui.gradNorm, formatNumber(ex.gradNorm()));
  setText(ui.lrShown, formatNumber(ex.learningRate()));
  const clip = ex.clip();
  setText(ui.clipShown, clip === undefined ? 'off' : `‖∇L‖ ≤ ${formatNumber(clip)}`);
  for (const [banner, message] of [[ui.banner, ex.divergence()], [ui.collapse, ex.collapse()],
    [ui.vanishing, ex.vanishing()], [ui.converged, ex.convergence()]]) {
    setHidden(banner, message === undefined);
    setText(banner, message ?? '');
  }
  if (refresh.table) {
    const [grads, updates] = [ex.grads(), ex.updates()];
    for (const [i, [value, grad, update]] of el.cells) {
      setText(value, formatNumber(params[i]));
      setText(grad, formatNumber(grads[i]));
      setText(update, formatNumber(updates[i]));
    }
  }
  showUpdateLine(el);
  // The preset stays marked only while nothing has been changed since it was loaded.
  const id = ex.preset();
  const preset = el.constructor.catalog.presets.find((p) => p.id === id);
  setText(ui.presetCaption, preset?.caption ?? '');
  for (const b of ui.presets.children) setAttr(b, 'aria-pressed', String(b.dataset.preset === id));
  if (refresh.sample) {
    setText(ui.sampleX, formatNumber(ex.sampleX()));
    setText(ui.sampleY, String(ex.sampleY()));
    setText(ui.sampleYhat, formatNumber(ex.prediction()));
  }
}

/**
 * Keeps each main chart's accessible name a one-sentence summary of what it shows now (the
 * canvases have role="img"), from the handle's numbers; `params` is θ as read this frame.
 * `onScreen`, if given, is the set of canvases drawn this frame: the others still show their
 * last picture, and keep the summary of it (the layer chart's numbers cost a forward pass over
 * every sample, which on the largest network took longer than the frame's two steps).
 */
export function summarizeCharts(el, params, onScreen) {
  const { ex, canvases } = el;
  const drawn = (canvas) => onScreen === undefined || onScreen.has(canvas);
  const f = (v) => formatNumber(v, 4);
  // The shape (names) is cached on the element: a 50 × 32 network has 50 000 of them.
  const names = { length: el.shape.params.length };
  for (const i of [...ex.landscapeAxes(), ex.overshootParam(), 0, 1, 2, 3, 4, 5]) {
    if (i !== undefined && i < names.length) names[i] = el.shape.params[i].name;
  }
  const [ix, iy] = ex.landscapeAxes();
  const step = ex.stepCount();
  const diverged = ex.divergence() !== undefined ? ' Training has diverged.' : '';
  const set = (canvas, text) => {
    if (drawn(canvas)) setAttr(canvas, 'aria-label', text);
  };
  set(canvases.landscape, `Loss landscape over ${names[ix]} and ${names[iy]} with the descent path: now at `
    + `${names[ix]} = ${f(params[ix])}, ${names[iy]} = ${f(params[iy])}, loss ${f(ex.loss())} at step ${step}.${diverged}`);
  set(canvases.loss, `Loss against step, logarithmic: ${f(ex.loss())} at step ${step}.${diverged}`);
  const shown = Array.from({ length: Math.min(6, names.length) }, (_, i) => `${names[i]} = ${f(params[i])}`).join(', ');
  set(canvases.params, `Parameters against step; now ${shown}${names.length > 6 ? ` and ${names.length - 6} more` : ''}.`);
  const line = el.ui.lineNumbers.textContent;
  set(canvases.overshoot, line !== '' ? `Loss along the next update. ${line}`
    : `Loss along ${names[ex.overshootParam()] ?? 'one parameter'}, the others at their current values, with the recent iterates.`);
  if (drawn(canvases.layers)) {
    try {
      // Cached per state by the handle (the layer chart draws from the same numbers).
      const n = ex.layerNumbers();
      const L = n.weightGrad.length;
      if (L > 0) {
        set(canvases.layers, `Gradient magnitude per layer, log scale: ‖∂L/∂W‖ is ${f(n.weightGrad[0])} at layer 1 and `
          + `${f(n.weightGrad[L - 1])} at layer ${L}; ‖∂L/∂b‖ is ${f(n.biasGrad[0])} and ${f(n.biasGrad[L - 1])}.`);
      }
    } catch {
      // A state with no numbers to give (a diverged run): the chart's static label stays.
    }
  }
  set(canvases.sigmoid, `The slope of the sigmoid against the output logit, with its 1/4 ceiling; `
    + `sample ${ex.sample()} has ŷ = ${f(ex.prediction())}.`);
}
