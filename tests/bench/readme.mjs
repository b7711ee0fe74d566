// `make bench-readme`: rewrites the README's generated benchmark tables (between the
// `<!-- bench:begin -->` and `<!-- bench:end -->` lines) from the summary the last `make bench`
// saved, with the machine it ran on.
//
//   node tests/bench/readme.mjs RESULTS.json README.md

import { readFileSync, writeFileSync } from 'node:fs';
import { throughputRows, barRows, num, panel } from './report.mjs';

const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

const [resultsFile, readmeFile] = process.argv.slice(2);
if (!resultsFile || !readmeFile) {
  console.error('usage: node tests/bench/readme.mjs RESULTS.json README.md');
  process.exit(2);
}

/** A GitHub pipe table. */
function pipeTable(header, rows) {
  const line = (r) => `| ${r.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const s = JSON.parse(readFileSync(resultsFile, 'utf8'));
const m = s.machine;
const section = [
  BEGIN,
  `One \`make bench\` run on ${m.date}: ${m.cpu}, ${m.cores} cores, ${m.chromium} (software rendering).`,
  'Written by `make bench-readme` from that run\'s JSON line; do not edit by hand.',
  '',
  pipeTable(['workload', 'unit', 'product native', 'plain loop native', 'ratio', 'product wasm', 'plain loop wasm', 'ratio'],
    throughputRows(s)),
  '',
  pipeTable(['measure', 'value', 'bar (issue 10)', ''], barRows(s)),
  '',
  `While playing, a frame costs ${num(s.cpu_per_frame_main_ms)} ms of CPU on the page's main thread and `
    + `${num(s.cpu_per_frame_all_ms)} ms over all the browser's threads (a traced window of play): on `
    + `${m.cores} cores no schedule fits more than ${num(s.fps_ceiling)} frames a second, the ceiling `
    + 'the fps bar is measured against (1000 / main, and cores × 1000 / all).',
  '',
  `Also measured: full redraw p50 ${num(s.redraw_p50_ms)} ms; longest frame dragging continuously `
    + `${num(s.max_frame_dragging_continuous_ms)} ms, with pauses ${num(s.max_frame_dragging_paused_ms)} ms; `
    + `long tasks while playing ${s.long_tasks_playing}, dragging ${s.long_tasks_dragging}, `
    + `during the race ${s.long_tasks_race} and the sweep ${s.long_tasks_sweep}; the race was `
    + `${panel(s.race_s, s.race_done)}, the sweep ${panel(s.sweep_s, s.sweep_done)}; the download is ${s.download_files} files, ${s.download_raw_bytes} bytes before compression; `
    + `W2 over the page's two landscape workers ${num(s.landscape_w2_points_per_s_wasm_workers / 1e6)} M points/s, `
    + `${num(s.w2_workers_over_page_thread)}× the same function on the page's thread in that run `
    + `(${num(s.landscape_w2_points_per_s_wasm_page_thread / 1e6)} M; the same bits: ${s.w2_workers_same_bits}); `
    + `native landscapes ${num(s.landscape_w2_points_per_s_native / 1e6)} M (W2) and `
    + `${num(s.landscape_w2b_points_per_s_native / 1e6)} M (W2b) points/s.`,
  END,
].join('\n');

const text = readFileSync(readmeFile, 'utf8');
const a = text.indexOf(BEGIN);
const z = text.indexOf(END);
if (a < 0 || z < a) {
  console.error(`${readmeFile}: no ${BEGIN} … ${END} block to replace`);
  process.exit(1);
}
writeFileSync(readmeFile, text.slice(0, a) + section + text.slice(z + END.length));
console.log(`${readmeFile}: Benchmarks tables rewritten from ${resultsFile} (${m.date})`);
