// Slider mappings and the wiring shared by every slider-plus-box control.

import { boxText, parseNumber } from './format.js';

/** Parameter sliders: position s ∈ [−1, 1] in thousandths ↦ v = sign(s)·C·(10^(K|s|) − 1). */
const K = 5;
const C = 1000 / (10 ** K - 1);
export const SYMLOG_STEPS = 1000;

/** Slider position (integer in ±SYMLOG_STEPS) for parameter value v. */
export function symlogPosition(v) {
  const s = Math.log10(Math.abs(v) / C + 1) / K;
  return Math.sign(v) * Math.min(SYMLOG_STEPS, Math.round(s * SYMLOG_STEPS));
}

/** Parameter value for slider position pos, rounded to 3 significant digits so drags land on tidy values. */
export function symlogValue(pos) {
  const s = pos / SYMLOG_STEPS;
  return roundSignificant(Math.sign(s) * C * (10 ** (K * Math.abs(s)) - 1), 3);
}

/** Learning-rate slider: position is log10 α. */
export function logPosition(v) {
  return Math.log10(v);
}

/** α for a learning-rate slider position. */
export function logValue(pos) {
  return roundSignificant(10 ** Number(pos), 3);
}

function roundSignificant(v, digits) {
  return v === 0 ? 0 : Number(v.toPrecision(digits));
}

/** Shows msg in the error span (or clears it when msg is empty). */
export function showError(span, msg) {
  span.textContent = msg;
  span.hidden = msg === '';
}

/**
 * Wires a slider and a number box to one setting.
 * apply(value) calls into wasm and may throw; read() returns the current value;
 * toPos/fromPos map values to slider positions; onChange runs after a successful apply.
 */
export function bindSliderBox({ slider, box, error, apply, read, toPos, fromPos, onChange }) {
  const commit = (value) => {
    try {
      apply(value);
      showError(error, '');
      onChange();
    } catch (e) {
      showError(error, e.message);
    }
  };
  slider.addEventListener('input', () => {
    const value = fromPos(Number(slider.value));
    commit(value);
    box.value = boxText(read());
  });
  box.addEventListener('change', () => {
    try {
      commit(parseNumber(box.value));
    } catch (e) {
      showError(error, e.message);
      return;
    }
    slider.value = toPos(read());
  });
  box.addEventListener('blur', () => sync());
  box.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    // Escape abandons the edit: the box shows the current value again.
    box.value = boxText(read());
    showError(error, '');
    box.blur();
  });
  const sync = () => {
    const v = read();
    if (box.getRootNode().activeElement !== box) box.value = boxText(v);
    if (slider.getRootNode().activeElement !== slider && Number.isFinite(v)) slider.value = toPos(v);
  };
  return sync;
}

/**
 * Wires a lone number box: parse(text) turns text into a value (may throw), apply(value) may
 * throw, show() returns the text for the current state; the box is restored on blur.
 */
export function bindBox({ box, error, parse, apply, show, onChange }) {
  box.addEventListener('change', () => {
    try {
      apply(parse(box.value));
      showError(error, '');
      onChange();
    } catch (e) {
      showError(error, e.message);
    }
  });
  box.addEventListener('blur', () => sync());
  box.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    box.value = show();
    showError(error, '');
    box.blur();
  });
  const sync = () => {
    if (box.getRootNode().activeElement !== box) box.value = show();
  };
  return sync;
}
