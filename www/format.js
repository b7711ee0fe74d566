// Number formatting and parsing at the page's edge: what the learner reads and types, and
// writing it into the page.

const MINUS = '\u2212';

/** Compact display text for a number: 5 significant digits, scientific when big or small. */
export function formatNumber(v, digits = 5) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+∞';
  if (v === -Infinity) return `${MINUS}∞`;
  if (v === 0) return '0';
  const a = Math.abs(v);
  let text;
  if (a >= 1e5 || a < 1e-3) {
    const [mant, exp] = v.toExponential(digits - 1).split('e');
    text = `${trimZeros(mant)}e${Number(exp)}`;
  } else {
    text = trimZeros(v.toPrecision(digits));
  }
  return text.replaceAll('-', MINUS);
}

/** Text for a number box: exact when short (what was typed), else 5 significant digits; plain ASCII. */
export function boxText(v) {
  // JavaScript writes 1e300 as "1e+300"; the boxes use the form a learner types.
  const exact = String(v).replace('e+', 'e');
  if (!Number.isFinite(v) || exact.length <= 10) return exact;
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const [mantissa, exponent] = v.toExponential(4).split('e');
    return `${trimZeros(mantissa)}e${Number(exponent)}`;
  }
  return trimZeros(v.toPrecision(5));
}

function trimZeros(s) {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

// Unambiguous, so a failed match backtracks in linear time: `\d+\.?\d*` could split a run of
// digits between its two counts in n ways, and a link value of 100 000 digits and a letter
// took half a minute to refuse.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses typed text into a finite number, or throws an Error with a message the learner can act
 * on. Accepts the typographic minus; rejects words, Infinity/NaN, overflow and silent underflow.
 */
export function parseNumber(text) {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') throw new Error('Enter a number.');
  if (!NUMBER.test(t)) throw new Error(`“${text.trim()}” is not a number.`);
  const v = Number(t);
  if (!Number.isFinite(v)) throw new Error(`${text.trim()} is too large to represent.`);
  if (v === 0 && /[1-9]/.test(t.split(/e/i)[0])) {
    throw new Error(`${text.trim()} is too small to represent (it would round to 0).`);
  }
  return v;
}

/** Parses typed text into a whole number in [min, max], or throws a learner-readable Error. */
export function parseInteger(text, min, max) {
  const v = parseNumber(text);
  if (!Number.isInteger(v)) throw new Error(`Enter a whole number (got ${text.trim()}).`);
  if (v < min || v > max) throw new Error(`Enter a whole number from ${min} to ${max}.`);
  return v;
}

/**
 * Display text for a number given as its sign and log₁₀ of its magnitude: for values a float
 * cannot hold (1/ŷ for a saturated ŷ is 10^347 and more) and for the same values when it can.
 */
export function formatFromLog10(sign, log10, digits = 5) {
  if (log10 === -Infinity) return '0';
  if (!Number.isFinite(log10)) return formatNumber(sign * Infinity);
  if (Math.abs(log10) < 300) return formatNumber(sign * 10 ** log10, digits);
  let exponent = Math.floor(log10);
  let mantissa = Number((10 ** (log10 - exponent)).toFixed(digits - 1));
  if (mantissa >= 10) { mantissa /= 10; exponent += 1; }
  return `${sign < 0 ? MINUS : ''}${trimZeros(mantissa.toFixed(digits - 1))}e${exponent}`.replaceAll('-', MINUS);
}

/**
 * Writes `text` into `node` when it differs from what the node shows. Assigning textContent
 * replaces the node's children even when the text is the same, and the replaced text has to be
 * laid out again: a frame that rewrote every number relaid out ≈ 80 objects.
 */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * Sets attribute `name` of `node` to `value` when it differs: setAttribute with the value the
 * attribute already has still queues a mutation record and invalidates what depends on it
 * (an accessible name, a style), which every frame of play did for ≈ 30 attributes.
 */
export function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/**
 * Shows or hides `node` (its `hidden` attribute) when that changes: `hidden = true` on a node
 * already hidden writes the attribute again, a mutation every frame.
 */
export function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}
