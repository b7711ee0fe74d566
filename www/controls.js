// Slider mappings and the wiring shared by every slider-plus-box control.

import { boxText, parseNumber } from './format.js';

/**
 * Parameter sliders walk a ladder of round values: 0, then ±m·10^e for m in MANTISSAS and
 * e = −3 … 2, then ±1000. Every preset value (0.2, 0.5, 0.8, 1.5, 500, −600, 1000, −1200 …) is a
 * rung, so a drag or the arrow keys land on 500 or 1000 exactly; the number box stays exact.
 */
const MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
const RUNGS = [0];
for (let e = -3; e <= 2; e += 1) {
  for (const m of MANTISSAS) RUNGS.push(Number((m * 10 ** e).toPrecision(3)));
}
RUNGS.push(1000);
/** Slider positions run from −SYMLOG_STEPS to SYMLOG_STEPS, one per rung. */
export const SYMLOG_STEPS = RUNGS.length - 1;

/** Slider position for parameter value v: the rung nearest on a log scale (0 for 0). */
export function symlogPosition(v) {
  const a = Math.abs(v);
  if (a < RUNGS[1] / 2) return 0;
  let best = 1;
  for (let i = 2; i < RUNGS.length; i += 1) {
    if (Math.abs(Math.log(RUNGS[i] / a)) < Math.abs(Math.log(RUNGS[best] / a))) best = i;
  }
  return Math.sign(v) * best;
}

/** Parameter value at slider position pos. */
export function symlogValue(pos) {
  const i = Math.min(SYMLOG_STEPS, Math.abs(Math.round(pos)));
  return i === 0 ? 0 : Math.sign(pos) * RUNGS[i];
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

/**
 * Shows msg in the error span (or clears it when msg is empty). With `box`, the input the
 * message is about is marked aria-invalid; clearing the message unmarks every input the span
 * describes (see linkError), so a screen reader hears which box was refused, and why.
 */
export function showError(span, msg, box) {
  span.textContent = msg;
  span.hidden = msg === '';
  if (msg !== '') {
    box?.setAttribute('aria-invalid', 'true');
  } else if (span.id !== '') {
    for (const input of span.getRootNode().querySelectorAll(`[aria-describedby~="${span.id}"]`)) {
      input.removeAttribute('aria-invalid');
    }
  }
}

let errorIds = 0;
/** Ties an error span to the input it speaks of (aria-describedby), giving the span an id if it has none. */
export function linkError(box, error) {
  if (error.id === '') {
    errorIds += 1;
    error.id = `error-${errorIds}`;
  }
  const ids = new Set((box.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
  ids.add(error.id);
  box.setAttribute('aria-describedby', [...ids].join(' '));
}

/**
 * Wires a slider and a number box to one setting.
 * apply(value) calls into wasm and may throw; read() returns the current value;
 * toPos/fromPos map values to slider positions; onChange runs after a successful apply.
 * note (optional) is a hint span that says when the value lies beyond the slider's ends,
 * range (e.g. "10⁻⁴ to 10") names them.
 *
 * Refused text stays in the box with its message beside it (the state is unchanged) until it
 * is fixed, or abandoned with Escape, which shows the value in force again and clears the
 * message; a change made anywhere else clears it too (the element calls clearErrors).
 */
export function bindSliderBox({ slider, box, error, apply, read, toPos, fromPos, onChange, note, range }) {
  linkError(box, error);
  const commit = (value) => {
    try {
      apply(value);
      showError(error, '');
      onChange();
    } catch (e) {
      refuse(error, box, e.message, boxText(read()));
    }
  };
  slider.addEventListener('input', () => {
    const value = fromPos(Number(slider.value));
    commit(value);
    box.value = boxText(read());
  });
  box.addEventListener('change', () => {
    let value;
    try {
      value = parseNumber(box.value);
    } catch (e) {
      refuse(error, box, e.message, boxText(read()));
      return;
    }
    commit(value);
    slider.value = toPos(read());
  });
  box.addEventListener('blur', () => sync());
  box.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    // Restore first: a box whose text differs from the last commit would fire change on blur.
    box.value = boxText(read());
    showError(error, '');
    box.blur();
  });
  /** Shows value v (read from the handle when not given) unless the learner is editing. */
  const sync = (v = read()) => {
    if (box.getRootNode().activeElement !== box && error.hidden) box.value = boxText(v);
    if (slider.getRootNode().activeElement !== slider && Number.isFinite(v)) slider.value = toPos(v);
    if (note !== undefined) {
      const pos = toPos(v);
      const beyond = Number.isFinite(v) && (pos < Number(slider.min) || pos > Number(slider.max));
      const text = beyond ? `${boxText(v)} is beyond the slider's range (${range}): the slider rests at its end, the box holds the value.` : '';
      if (note.textContent !== text) showError(note, text);
    }
  };
  return sync;
}

/** Shows why the text in box was refused and what stays in force. */
function refuse(error, box, message, kept) {
  showError(error, `${message.replace(/\.?$/, '.')} Still ${kept}; Esc restores it.`, box);
}

/**
 * Wires a lone number box: parse(text) turns text into a value (may throw), apply(value) may
 * throw, show() returns the text for the current state. Refused text stays with its message
 * until fixed or abandoned (Escape), as in bindSliderBox.
 */
export function bindBox({ box, error, parse, apply, show, onChange }) {
  linkError(box, error);
  box.addEventListener('change', () => {
    try {
      apply(parse(box.value));
      showError(error, '');
      onChange();
    } catch (e) {
      refuse(error, box, e.message, show());
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
    if (box.getRootNode().activeElement !== box && error.hidden) box.value = show();
  };
  return sync;
}
