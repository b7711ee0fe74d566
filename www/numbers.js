// The numbers of one <gradscope-explorer>, refreshed every frame from its handle: the status
// line, the banners, the parameter table, the update line's sentence, the preset marks and
// the chosen sample.

import { formatNumber } from './format.js';
import { showUpdateLine } from './update-line.js';

/** Refreshes the status line, the banner, the parameter table and the sample. */
export function showNumbers(el) {
  const { ui, ex } = el;
  ui.stepCount.textContent = String(ex.stepCount());
  ui.loss.textContent = formatNumber(ex.loss());
  ui.gradNorm.textContent = formatNumber(ex.gradNorm());
  ui.lrShown.textContent = formatNumber(ex.learningRate());
  const clip = ex.clip();
  ui.clipShown.textContent = clip === undefined ? 'off' : `‖∇L‖ ≤ ${formatNumber(clip)}`;
  for (const [banner, message] of [[ui.banner, ex.divergence()], [ui.collapse, ex.collapse()],
    [ui.vanishing, ex.vanishing()]]) {
    banner.hidden = message === undefined;
    if (banner.textContent !== (message ?? '')) banner.textContent = message ?? '';
  }
  const [params, grads, updates] = [ex.params(), ex.grads(), ex.updates()];
  for (const [i, [value, grad, update]] of el.cells) {
    value.textContent = formatNumber(params[i]);
    grad.textContent = formatNumber(grads[i]);
    update.textContent = formatNumber(updates[i]);
  }
  showUpdateLine(el);
  // The preset stays marked only while nothing has been changed since it was loaded.
  const id = ex.preset();
  const preset = el.constructor.catalog.presets.find((p) => p.id === id);
  ui.presetCaption.textContent = preset?.caption ?? '';
  for (const b of ui.presets.children) b.setAttribute('aria-pressed', String(b.dataset.preset === id));
  ui.sampleX.textContent = formatNumber(ex.sampleX());
  ui.sampleY.textContent = String(ex.sampleY());
  ui.sampleYhat.textContent = formatNumber(ex.prediction());
}
