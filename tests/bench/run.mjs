// `make bench`, the driver: reads the native half's JSON (the gradscope-bench binary, run just
// before by the Makefile), runs the wasm half and the page's measures in one headless Chromium,
// prints the report ending with the one JSON line, and saves that object for `make bench-readme`.
//
//   node bench/run.mjs NATIVE.json RESULTS.json BENCH_PKG_DIR [WASM_BUDGET_S]

import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch } from '../e2e/helpers.mjs';
import { measureWasm } from './wasm.mjs';
import { measurePage } from './page.mjs';
import { measureLandscapeWorkers } from './workers.mjs';
import { summarize, print } from './report.mjs';

const [nativeFile, resultsFile, pkgDir, budget = '2.5'] = process.argv.slice(2);
if (!nativeFile || !resultsFile || !pkgDir) {
  console.error('usage: node bench/run.mjs NATIVE.json RESULTS.json BENCH_PKG_DIR [WASM_BUDGET_S]');
  process.exit(2);
}

/** The CPU model as /proc/cpuinfo names it. */
function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    return line ? line.split(':')[1].trim() : os.cpus()[0]?.model ?? 'unknown CPU';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown CPU';
  }
}

const started = Date.now();
/** A progress line on standard error, with the seconds since the browser half started. */
const progress = (what) => console.error(`bench: ${what} (${Math.round((Date.now() - started) / 1000)} s)`);

const native = JSON.parse(readFileSync(nativeFile, 'utf8'));
const server = await startServer();
const browser = await launch();
try {
  progress('wasm workloads, interleaved, in Chromium');
  const wasm = await measureWasm(browser, server.origin, path.resolve(pkgDir), Number(budget));
  progress('W2 over the page\'s two landscape workers');
  const workers = await measureLandscapeWorkers(browser, server.origin);
  progress('the page: cold loads, play, drag, sweep, race');
  const page = await measurePage(browser, server.origin);
  const machine = {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    chromium: `headless Chromium ${browser.version()}`,
    date: new Date().toISOString().slice(0, 10),
  };
  progress('done');
  const summary = summarize(native, wasm, page, machine, workers);
  writeFileSync(resultsFile, `${JSON.stringify(summary)}\n`);
  console.log(print(summary));
} finally {
  await browser.close();
  await server.stop();
}
