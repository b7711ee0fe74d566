// `make bench`, the report: one flat summary object (the JSON line, with issue 10's keys first),
// the table printed from it, and the bars of issue 10 beside each measure. The README's
// Benchmarks section is written from the same summary (readme.mjs), so both say the same.

/** What each workload is, in the words of issue 10. */
export const WORKLOADS = {
  w1: 'W1 seed-network GD step, 64 samples',
  w2: 'W2 landscape 256² over (w3, b3), 64 samples',
  w2b: 'W2b landscape 256² over (w1, b1), 64 samples',
  w3: 'W3 depth-20 width-one ReLU chain GD step, 64 samples',
  w4: 'W4 dense [1, 16 × 10, 1] ReLU GD step, 569 samples',
};

/**
 * Issue 10's bars: [label, measured value's key, test, the bar as written]. A ratio is the
 * product's rate over the plain reference loop's in the same run and target.
 */
export const BARS = [
  ['W1 native / reference native', 'w1_native_over_ref_native', (v) => v >= 1.0, '≥ 1.0'],
  ['W1 wasm / reference wasm', 'w1_wasm_over_ref_wasm', (v) => v >= 1.5, '≥ 1.5'],
  ['W2 landscape in wasm, points/s', 'landscape_w2_points_per_s_wasm', (v) => v >= 4e6, '≥ 4 M'],
  ['W2 landscape in wasm over the page\'s 2 workers, points/s', 'landscape_w2_points_per_s_wasm_workers', (v) => v >= 4e6, '≥ 4 M'],
  ['W2b landscape in wasm, points/s', 'landscape_w2b_points_per_s_wasm', (v) => v >= 2e6, '≥ 2 M'],
  ['W3 native / reference native', 'w3_native_over_ref_native', (v) => v >= 1.0, '≥ 1.0'],
  ['W3 wasm / reference wasm', 'w3_wasm_over_ref_wasm', (v) => v >= 1.5, '≥ 1.5'],
  ['W4 native / reference native', 'w4_native_over_ref_native', (v) => v >= 3.0, '≥ 3'],
  ['W4 wasm / reference wasm', 'w4_wasm_over_ref_wasm', (v) => v >= 3.0, '≥ 3'],
  ['fps while playing, 2 steps/frame', 'fps_playing', (v) => v >= 55, '≥ 55'],
  ['full redraw while playing p95, ms', 'redraw_p95_ms', (v) => v <= 16.7, '≤ 16.7'],
  ['longest frame dragging a slider (with pauses), ms', 'max_frame_dragging_ms', (v) => v <= 50, '≤ 50'],
  ['long tasks (play + drag + race + sweep)', 'long_tasks', (v) => v === 0, '0 (never block)'],
  ['download, gzip -9, bytes', 'download_gzip_bytes', (v) => v <= 100000, '≤ 100 000'],
  ['time to interactive, ms', 'interactive_ms', (v) => v <= 300, '≤ 300'],
];

/** The flat summary: issue 10's keys, then the other ratios, every rate, the page details, the machine. */
export function summarize(native, wasm, page, machine, workers) {
  const s = {};
  for (const id of ['w1', 'w4']) {
    s[`${id}_wasm_over_ref_wasm`] = wasm[id].ratio;
    s[`${id}_native_over_ref_native`] = native[id].ratio;
  }
  s.landscape_w2_points_per_s_wasm = wasm.w2.product_per_s;
  s.landscape_w2b_points_per_s_wasm = wasm.w2b.product_per_s;
  for (const k of ['fps_playing', 'redraw_p95_ms', 'max_frame_dragging_ms', 'long_tasks', 'download_gzip_bytes', 'interactive_ms']) {
    s[k] = page[k];
  }
  // W2 as the page computes it: rows split between its two landscape workers, against the
  // same function on the page's thread in the same run (workers.mjs).
  s.landscape_w2_points_per_s_wasm_workers = workers.workers_per_s;
  s.landscape_w2_points_per_s_wasm_page_thread = workers.thread_per_s;
  s.w2_workers_over_page_thread = workers.ratio;
  s.w2_workers_same_bits = workers.same_bits;
  s.w2_workers_checks_agree = agree(workers.checksum, wasm.w2.product_check);
  for (const id of ['w2', 'w2b', 'w3']) {
    s[`${id}_wasm_over_ref_wasm`] = wasm[id].ratio;
    s[`${id}_native_over_ref_native`] = native[id].ratio;
  }
  s.landscape_w2_points_per_s_native = native.w2.product_per_s;
  s.landscape_w2b_points_per_s_native = native.w2b.product_per_s;
  for (const id of Object.keys(WORKLOADS)) {
    for (const [target, m] of [['native', native[id]], ['wasm', wasm[id]]]) {
      s[`${id}_product_${target}_per_s`] = m.product_per_s;
      s[`${id}_reference_${target}_per_s`] = m.reference_per_s;
      s[`${id}_paired_ratio_${target}`] = m.paired_ratio;
      s[`${id}_rounds_${target}`] = m.rounds;
      s[`${id}_checks_agree_${target}`] = agree(m.product_check, m.reference_check);
    }
  }
  for (const [k, v] of Object.entries(page)) if (!(k in s)) s[k] = v;
  s.machine = machine;
  return s;
}

/** The two sides' checksums agree to 1e-9 relative (the reference cases' tolerance). */
function agree(a, b) {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** A rate with k / M. */
export function rate(v) {
  if (!Number.isFinite(v)) return 'n/a';
  if (v >= 1e6) return `${(v / 1e6).toPrecision(3)} M`;
  if (v >= 1e3) return `${(v / 1e3).toPrecision(3)} k`;
  return v.toPrecision(3);
}

/** A plain number: 3 significant digits, whole numbers as they are. */
export function num(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'n/a';
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}

/** Rows of the throughput table: workload, unit, then product/reference/ratio natively and in wasm. */
export function throughputRows(s) {
  return Object.entries(WORKLOADS).map(([id, label]) => [
    label, id.startsWith('w2') ? 'points/s' : 'steps/s',
    rate(s[`${id}_product_native_per_s`]), rate(s[`${id}_reference_native_per_s`]), num(s[`${id}_native_over_ref_native`]),
    rate(s[`${id}_product_wasm_per_s`]), rate(s[`${id}_reference_wasm_per_s`]), num(s[`${id}_wasm_over_ref_wasm`]),
  ]);
}

/** Rows of the bars table: measure, value, bar, met or not. */
export function barRows(s) {
  return BARS.map(([label, key, ok, bar]) => [label, key.includes('per_s') ? rate(s[key]) : num(s[key]), bar,
    Number.isFinite(s[key]) ? (ok(s[key]) ? 'met' : 'not met') : 'n/a']);
}

/** How long a race or sweep ran: its time, or how long it was watched before the bench moved on. */
export function panel(seconds, done) {
  return done ? `done in ${num(seconds)} s` : `not done after ${num(seconds)} s (watched no longer)`;
}

/** Lines of a text table with columns padded. */
function textTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  return all.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd());
}

/** The report printed at the end of `make bench`: both tables, the page's details, the JSON line. */
export function print(s) {
  const out = [];
  const m = s.machine;
  out.push('', `Gradscope benchmark — ${m.date}, ${m.cpu} (${m.cores} cores), ${m.chromium}`);
  out.push('Medians of interleaved rounds (product and reference alternating); ratio = product / reference, same run, same target.', '');
  out.push(...textTable(['workload', 'unit', 'product native', 'reference native', 'ratio', 'product wasm', 'reference wasm', 'ratio'],
    throughputRows(s)));
  for (const id of Object.keys(WORKLOADS)) {
    for (const t of ['native', 'wasm']) {
      if (s[`${id}_checks_agree_${t}`] === false) out.push(`WARNING: ${id} ${t}: product and reference disagree (checksums)`);
    }
  }
  if (s.w2_workers_same_bits !== true || s.w2_workers_checks_agree !== true) out.push('WARNING: W2 over the workers: not the bits of the page thread\'s grid, or not the product\'s checksum');
  out.push('', ...textTable(['measure', 'value', 'bar', ''], barRows(s)));
  out.push('', `W2 over the page's two landscape workers ${rate(s.landscape_w2_points_per_s_wasm_workers)} points/s against `
    + `${rate(s.landscape_w2_points_per_s_wasm_page_thread)} on its thread (${num(s.w2_workers_over_page_thread)}×, same bits: ${s.w2_workers_same_bits})`);
  out.push('', `CPU per frame of play (traced): main thread ${num(s.cpu_per_frame_main_ms)} ms, every thread ${num(s.cpu_per_frame_all_ms)} ms; `
    + `on ${m.cores} cores no schedule fits more than ${num(s.fps_ceiling)} fps`);
  out.push('', `redraw p50 ${num(s.redraw_p50_ms)} ms; longest frame dragging continuously ${num(s.max_frame_dragging_continuous_ms)} ms, `
    + `with pauses ${num(s.max_frame_dragging_paused_ms)} ms (${s.frames_over_50ms_dragging} frames over 50 ms); `
    + `long tasks: play ${s.long_tasks_playing}, drag ${s.long_tasks_dragging}, race ${s.long_tasks_race}, sweep ${s.long_tasks_sweep}; `
    + `race ${panel(s.race_s, s.race_done)} (longest frame ${num(s.max_frame_race_ms)} ms), `
    + `sweep ${panel(s.sweep_s, s.sweep_done)} (longest frame ${num(s.max_frame_sweep_ms)} ms); `
    + `download ${s.download_files} files, ${s.download_raw_bytes} bytes raw; interactive over ${s.interactive_all_ms.length} cold loads: ${s.interactive_all_ms.map(num).join(', ')} ms`);
  out.push('', JSON.stringify(s));
  return out.join('\n');
}
