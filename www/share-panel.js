// The "Share and export" panel and the own-data input of one <gradscope-explorer>: Copy link
// (with what the link restores), each chart as PNG or SVG, the history as CSV or JSON, and
// a CSV file of the learner's own samples. Every number exported comes from the handle.

import { showError } from './controls.js';
import { queryString } from './attributes.js';
import { pictureOf } from './charts.js';

/** Wires the panel's buttons and the CSV input. */
export function bindSharePanel(el) {
  const { ui } = el;
  // The charts chartSvg can draw (the catalog's list), titled as on screen.
  for (const name of el.constructor.catalog.charts) {
    const canvas = el.canvases[name];
    const title = canvas?.closest('figure')?.querySelector('.title')?.textContent ?? name;
    ui.figureChart.append(new Option(title, name));
  }
  ui.copyLink.addEventListener('click', () => copyLink(el));
  const guard = (work) => () => {
    try {
      work();
      showError(ui.exportError, '');
    } catch (e) {
      showError(ui.exportError, `Nothing was exported: ${e.message}`);
    }
  };
  ui.figurePng.addEventListener('click', guard(() => exportPng(el)));
  ui.figureSvg.addEventListener('click', guard(() => exportSvg(el)));
  ui.historyCsv.addEventListener('click', guard(() => {
    download(el, new Blob([historyCsv(el.ex.history())], { type: 'text/csv' }), 'history', 'csv');
  }));
  ui.historyJson.addEventListener('click', guard(() => {
    download(el, new Blob([historyJson(el.ex.history())], { type: 'application/json' }), 'history', 'json');
  }));

  ui.csvFile.addEventListener('change', async () => {
    const file = ui.csvFile.files?.[0];
    if (file === undefined) return;
    const { maxRows } = el.constructor.catalog.ownData;
    // 40 bytes a row is generous for "x,y": a bigger file is refused before it is read.
    if (file.size > maxRows * 40 + 1024) {
      showError(ui.csvError, `${file.name} is ${Math.round(file.size / 1024)} KiB: more than ${maxRows} rows of x,y can fill. Nothing changed.`);
      ui.csvFile.value = '';
      return;
    }
    loadCsv(el, await file.text(), file.name);
    ui.csvFile.value = '';
  });
  ui.csvLoad.addEventListener('click', () => loadCsv(el, ui.csvText.value, 'the pasted rows'));
  ui.csvText.addEventListener('input', () => showError(ui.csvError, ''));
}

/** The Data menu (with "Your data" once a CSV was loaded) and what x and y mean, from the handle. */
export function syncDataMenu(el) {
  const { ui, ex } = el;
  const { catalog } = el.constructor;
  const own = ex.ownDataSize();
  let ownOption = [...ui.dataset.options].find((o) => o.value === catalog.ownData.id);
  if (own !== undefined) {
    ownOption ??= ui.dataset.appendChild(new Option('', catalog.ownData.id));
    ownOption.textContent = `Your data (${own})`;
  } else {
    ownOption?.remove();
  }
  ui.dataset.value = ex.dataset();
  // The note about loaded rows holds only while they are in use.
  if (ex.dataset() !== catalog.ownData.id) ui.csvStatus.hidden = true;
  const data = ex.dataset() === catalog.ownData.id
    ? { xMeaning: 'your x', yMeaning: 'your label, 0 or 1' }
    : catalog.datasets.find((d) => d.id === ex.dataset());
  ui.sampleMax.textContent = String(ex.sampleCount() - 1);
  ui.xMeaning.textContent = data.xMeaning;
  ui.yMeaning.textContent = data.yMeaning;
}

/** Loads CSV text as the learner's own data; a refused file leaves everything as it was. */
function loadCsv(el, text, what) {
  const { ui } = el;
  let rows;
  try {
    rows = el.ex.loadCsv(text);
  } catch (e) {
    showError(ui.csvError, `${what}: ${e.message}. The data in use did not change.`);
    return;
  }
  showError(ui.csvError, '');
  el.setPlaying(false);
  el.settingsChanged();
  ui.csvStatus.hidden = false;
  ui.csvStatus.textContent = `Training on ${rows} samples from ${what}, from the run's start. A link cannot carry them.`;
}

/** The link to this explorer's state, on the main page (or the page the link is bound to). */
export function linkUrl(el) {
  const query = queryString(el.linkPairs());
  let base = el.linkBase;
  if (base === undefined) {
    try {
      base = new URL('./index.html', import.meta.url).href;
    } catch {
      base = window.location.href.split(/[?#]/)[0];
    }
  }
  return `${base}?${query}`;
}

/** What a link to the current state brings back, in one or two sentences. */
export function describeLink(el) {
  const { ex } = el;
  const steps = el.replayTarget ?? ex.stepCount();
  const parts = [steps === 0
    ? 'The link restores every setting and view; it opens at step 0.'
    : `The link restores every setting and view, then replays the ${steps} step${steps === 1 ? '' : 's'} taken (training is deterministic, so it reopens this state).`];
  const changedAt = ex.changedMidRun();
  if (steps > 0 && changedAt !== undefined) {
    parts.push(`The learning rate or clipping changed at step ${changedAt}: the replay uses the current values from step 0, so it will not retrace this run. Reset and play again for a link that does.`);
  }
  if (ex.dataset() === el.constructor.catalog.ownData.id) {
    parts.push('Your own data cannot travel in a link: it opens on the built-in data.');
  }
  return parts.join(' ');
}

/** Writes the link into the panel's box and copies it; falls back to selecting the box. */
async function copyLink(el) {
  const { ui } = el;
  const url = linkUrl(el);
  ui.linkText.value = url;
  ui.linkRestores.textContent = describeLink(el);
  try {
    await navigator.clipboard.writeText(url);
    ui.copyStatus.textContent = 'Copied.';
  } catch {
    ui.linkText.select();
    ui.copyStatus.textContent = 'This page may not use the clipboard: the link is selected below, copy it with Ctrl+C (⌘C).';
  }
}

/** Offers `blob` as a download named gradscope-<what>-step<N>.<ext>. */
function download(el, blob, what, ext) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `gradscope-${what}-step${el.ex.stepCount()}.${ext}`;
  el.root.append(a);
  a.click();
  a.remove();
  // A frame sandboxed without allow-downloads drops the download without a word to the page:
  // an opaque origin is the sign of a sandbox, so say what the host has to allow.
  if (window.origin === 'null') {
    showError(el.ui.exportError, 'If nothing was saved: this page is in a sandboxed frame, whose host must add allow-downloads to its sandbox attribute.');
  }
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

function chosenCanvas(el) {
  const name = el.ui.figureChart.value;
  const canvas = el.canvases[name];
  if (canvas === undefined || canvas.width === 0 || canvas.clientWidth === 0) {
    throw new Error('that chart is not on screen (is its panel hidden?)');
  }
  return { name, canvas };
}

function exportPng(el) {
  const { name, canvas } = chosenCanvas(el);
  pictureOf(el.ex, canvas).toBlob((blob) => {
    if (blob === null) showError(el.ui.exportError, 'the browser could not encode the PNG');
    else download(el, blob, name, 'png');
  }, 'image/png');
}

function exportSvg(el) {
  const { name, canvas } = chosenCanvas(el);
  const svg = el.ex.chartSvg(name, canvas.clientWidth, canvas.clientHeight);
  download(el, new Blob([svg], { type: 'image/svg+xml' }), name, 'svg');
}

/** A number as export text: the shortest text that reads back to the same double, ASCII. */
export function exportNumber(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '0';
  return String(v).replace('e+', 'e');
}

/** The history as CSV: step, loss, every θ, every ∂L/∂θ (named grad_<θ>), then ‖∇L‖ (grad_norm). */
export function historyCsv(h) {
  const p = h.names.length;
  const quote = (name) => (/[",]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name);
  // The columns of `gradscope trace --format csv`, without its clip_scale.
  const lines = [['step', 'loss', ...h.names.map(quote), ...h.names.map((n) => quote(`grad_${n}`)), 'grad_norm'].join(',')];
  for (let k = 0; k < h.steps.length; k += 1) {
    const row = [String(h.steps[k]), exportNumber(h.loss[k])];
    for (let i = 0; i < p; i += 1) row.push(exportNumber(h.params[k * p + i]));
    for (let i = 0; i < p; i += 1) row.push(exportNumber(h.grads[k * p + i]));
    row.push(exportNumber(h.gradNorm[k]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The history as JSON: { param_names, stride, recent_capacity, records: [{ step, loss, grad_norm, params, grads }] }. */
export function historyJson(h) {
  const p = h.names.length;
  // JSON has no NaN or ∞: they are written as the strings "NaN", "Infinity", "-Infinity".
  const num = (v) => (Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : exportNumber(v));
  const records = Array.from(h.steps, (step, k) => ({
    step,
    loss: num(h.loss[k]),
    grad_norm: num(h.gradNorm[k]),
    params: Array.from(h.params.subarray(k * p, (k + 1) * p), num),
    grads: Array.from(h.grads.subarray(k * p, (k + 1) * p), num),
  }));
  return `${JSON.stringify({ param_names: h.names, stride: h.stride, recent_capacity: h.recentCapacity, records })}\n`;
}
