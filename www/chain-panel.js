// The chain-rule panel: ∂Lᵢ/∂θ of the chosen sample as its factors, each with its value and a
// bar of its magnitude on a log scale, the largest marked; the textbook split of the output
// factor and why it cancels; the batch mean. Every number is the handle's.

import { formatNumber, formatFromLog10, setText } from './format.js';

const MATHML = 'http://www.w3.org/1998/Math/MathML';
/** Decades shown on each side of 1 by a factor's bar. */
const BAR_DECADES = 6;

/** A MathML element: m('msub', m('mi', 'w'), m('mn', '3')). */
function m(tag, ...children) {
  const e = document.createElementNS(MATHML, tag);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}
/** 10 to the power k, written with superscript digits: 10¹¹⁰, 10⁻¹¹⁰. */
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const tenTo = (k) => `10${[...String(k)].map((ch) => SUPERSCRIPT[ch]).join('')}`;
const sub = (base, index) => m('msub', m('mi', base), m('mn', String(index)));
const math = (...children) => m('math', m('mrow', ...children));

/** Symbol and meaning of one factor of the chain. */
function describeFactor(f, act) {
  switch (f.kind) {
    case 'output':
      return [math(m('mover', m('mi', 'y'), m('mo', '^')), m('mo', '−'), m('mi', 'y')), `∂L/∂z${f.layer}`];
    case 'weight':
      return [math(sub('w', f.layer)), `∂z${f.layer}/∂o${f.layer - 1}`];
    case 'slope':
      return [math(m('msup', m('mi', act), m('mo', '′')), m('mo', '('), sub('z', f.layer), m('mo', ')')),
        `∂o${f.layer}/∂z${f.layer}`];
    case 'input':
      return [math(f.layer === 1 ? m('mi', 'x') : sub('o', f.layer - 1)), `∂z${f.layer}/∂w${f.layer}`];
    default:
      return [math(m('mn', '1')), `∂z${f.layer}/∂b${f.layer}`];
  }
}

/** A bar from the centre (= 1): right and orange for |f| > 1, left and blue for |f| < 1. */
function bar(log10) {
  const b = document.createElement('div');
  b.className = 'bar';
  b.setAttribute('aria-hidden', 'true');
  const span = document.createElement('span');
  setBar(span, log10);
  b.append(span);
  return b;
}

/** Sets a bar's span to show `log10` (the factor's log₁₀ |f|). */
function setBar(span, log10) {
  const t = log10 === -Infinity ? 1 : Math.min(1, Math.abs(log10) / BAR_DECADES);
  const [className, left, width] = [log10 >= 0 ? 'up' : 'down', log10 >= 0 ? '50%' : `${50 - 50 * t}%`, `${50 * t}%`];
  if (span.className !== className) span.className = className;
  if (span.style.left !== left) span.style.left = left;
  if (span.style.width !== width) span.style.width = width;
}

function card(symbol, value, what, className = 'factor') {
  const c = document.createElement('div');
  c.className = className;
  c.setAttribute('role', 'listitem');
  const s = document.createElement('div');
  s.className = 'sym';
  s.append(symbol);
  const v = document.createElement('div');
  v.className = 'val';
  v.textContent = value;
  const w = document.createElement('div');
  w.className = 'what';
  w.textContent = what;
  c.append(s, v, w);
  return c;
}

function op(text) {
  const o = document.createElement('span');
  o.className = 'op';
  o.textContent = text;
  return o;
}

/** Fills the parameter menu of the panel after a change of shape. */
export function buildChainPanel(el) {
  const { ui, shape } = el;
  el.chainCards = undefined;
  ui.chainWide.hidden = shape.widthOne;
  ui.chainBody.hidden = !shape.widthOne;
  ui.chainParam.disabled = !shape.widthOne;
  ui.chainParam.replaceChildren(...(shape.widthOne ? shape.params : [])
    .map((p) => new Option(p.name, String(p.index))));
  if (!shape.widthOne) return;
  if (el.chainParam >= shape.params.length) el.chainParam = 0;
  ui.chainParam.value = String(el.chainParam);
}

/** Re-typesets the panel from the handle's numbers for the current step. */
export function showChainPanel(el) {
  const { ui, ex, shape } = el;
  if (!shape.widthOne) return;
  const c = ex.chainRule(el.chainParam);
  const act = el.constructor.catalog.activations.find((a) => a.id === shape.activation).label;
  const dominant = c.dominant;
  // The cards are built again only when what they show changes (another sample, parameter,
  // activation, path or largest factor); a step changes only their numbers and bars, and
  // rebuilding the MathML every frame of play cost a layout of the whole panel.
  const key = [c.sample, c.param, act, dominant, ...c.factors.map((f) => `${f.kind}${f.layer}${f.value === 0}`)].join(' ');
  if (el.chainCards?.key !== key) {
    const items = [];
    const cards = [];
    c.factors.forEach((f, i) => {
      const [symbol, what] = describeFactor(f, act);
      const k = card(symbol, '', what);
      if (i === dominant) {
        k.classList.add('dominant');
        const zeroWhy = f.kind === 'output' ? 'rounds to 0: right to the last bit' : 'zero, the path is off';
        k.querySelector('.what').textContent = f.value === 0 ? `${what}: ${zeroWhy}` : `${what}: farthest from 1`;
      }
      k.append(bar(f.log10));
      cards.push(k);
      if (i > 0) items.push(op('·'));
      items.push(k);
    });
    items.push(op('='));
    // The parameter as the factors write theirs: w₁, not w1.
  const [, base, index] = /^([a-z]+)(\d+)$/.exec(c.param) ?? [];
  const param = base === undefined ? m('mi', c.param) : sub(base, index);
  const result = card(math(m('mo', '∂'), sub('L', c.sample), m('mo', '/'), m('mo', '∂'), param),
      '', `sample ${c.sample}`, 'factor result');
    result.append(bar(c.log10Product));
    cards.push(result);
    items.push(result);
    ui.chainFactors.replaceChildren(...items);
    el.chainCards = { key, cards: cards.map((k) => [k.querySelector('.val'), k.querySelector('.bar span')]) };
  }
  const shown = [...c.factors.map((f) => [formatNumber(f.value), f.log10]),
    [formatFromLog10(Math.sign(c.product), c.log10Product), c.log10Product]];
  el.chainCards.cards.forEach(([val, span], i) => {
    setText(val, shown[i][0]);
    setBar(span, shown[i][1]);
  });

  const L = shape.widths.length - 1;
  const dlDo = formatFromLog10(c.dlDo.sign, c.dlDo.log10);
  const sp = formatFromLog10(1, c.sigmaPrime.log10);
  const split = c.y === 1 ? '−1/ŷ' : '1/(1 − ŷ)';
  let text = `Split the textbook way, ∂L/∂o${L} = ${split} = ${dlDo} and σ′(z${L}) = ${sp} (never above 0.25); `
    + `their product is ŷ − y = ${formatNumber(c.factors[0].value)}, the first factor above.`;
  const wOut = c.factors.find((f) => f.kind === 'weight' && f.layer === L);
  if (wOut !== undefined && Number.isFinite(c.sigmaPrime.log10)) {
    const slope = formatFromLog10(Math.sign(wOut.value), c.sigmaPrime.log10 + Math.log10(Math.abs(wOut.value)));
    text += ` The textbook's ∂o${L}/∂o${L - 1} = σ′(z${L})·w${L} is ${sp} × ${formatNumber(wOut.value)} = ${slope} `
      + `here: at most 0.25 × |w${L}| = ${formatNumber(0.25 * Math.abs(wOut.value))}, reached where z${L} = 0.`;
  }
  if (c.saturated !== undefined) {
    text += ` This sample's output is saturated (z${L} = ${formatNumber(c.zOut)}).`;
    text += c.saturated === 'wrong'
      ? ` The prediction is wrong: ∂L/∂o${L} is about ${tenTo(Math.round(c.dlDo.log10))} and σ′ about `
        + `${tenTo(Math.round(c.sigmaPrime.log10))}; with cross-entropy they cancel exactly, so the chain is formed `
        + `from ŷ − y (nothing overflows)${c.product === 0 ? '; here an off unit further down still blocks it.'
          : ' and the gradient stays large, however flat σ is.'}`
      : ` The prediction is right, so ŷ − y is tiny and this sample adds almost nothing to the gradient, even with w${L} = ${formatNumber(c.factors[1]?.value ?? 0)}.`;
  }
  setText(ui.chainCancel, text);
  let batch = `Mean over all ${c.samples} samples: ∂L/∂${c.param} = ${formatNumber(c.batch)} (the table's value).`;
  const n = (k) => `${k} of the ${c.samples} samples ${k === 1 ? 'adds' : 'add'} exactly 0`;
  if (c.zeroBySlope > 0) batch += ` ${n(c.zeroBySlope)}: a unit with ${act}′ = 0 lies on the path.`;
  if (c.zeroByOutput > 0) batch += ` ${n(c.zeroByOutput)}: ŷ − y rounds to 0 (right predictions with |z${L}| above about 745).`;
  setText(ui.chainBatch, batch);
}
