// The overshoot view's legend and, along the update, the sentence saying where the step lands
// against the line's lowest point.

import { formatNumber, setHidden, setText } from './format.js';

/** The overshoot view's legend, and along the update the numbers of its line. */
export function showUpdateLine(el) {
  const { ui, ex } = el;
  const alongUpdate = ex.overshootParam() === undefined;
  setHidden(ui.legendParam, alongUpdate);
  setHidden(ui.legendUpdate, !alongUpdate);
  const u = alongUpdate ? ex.updateLine(el.lastFast ?? false) : undefined;
  setText(ui.lineNumbers, !alongUpdate ? '' : u !== undefined ? describeLine(u)
    : 'No line to show: the gradient is 0, the run has diverged, or the network is too large to trace '
      + 'the line at every change (it would take seconds); the view along one parameter still works.');
}

/** The sentence under the overshoot view along the update: where the step lands and why. */
function describeLine(u) {
  const f = (v) => formatNumber(v, 3);
  const text = `Step ${u.step}: the step α = ${f(u.alpha)} takes the loss from ${f(u.lossStart)} to ${f(u.lossLanding)}; `
    + `the lowest point of this line is at s* = ${f(u.sMin)} (L = ${f(u.lossMin)}). `;
  const verdicts = {
    overshoots: `The step is ${f(u.ratio)} × s*: it overshoots the bottom of the valley.`,
    lands: `The step is ${f(u.ratio)} × s*: it lands near the bottom.`,
    short: `The step is ${f(u.ratio)} × s*: it stops short of the bottom.`,
    'still-falling': 'The loss still falls at 2α: the step stops short of the bottom (a larger α would do better).',
    'rises-at-once': 'The loss rises at once along this line: any step goes up.',
  };
  return text + verdicts[u.verdict];
}
