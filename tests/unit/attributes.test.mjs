// The settings table (www/attributes.js + www/format.js) against the real wasm handle in node:
// every key gets hostile and random values (fast-check); nothing may throw out of
// applyValues, every refused value is a problem naming its key, and a refused value leaves the
// handle (θ, θ₀, α, step count, shape, clipping, data, views) and the element exactly as they
// were. Needs `make build` (www/pkg).

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { initSync, Explorer } from '../../www/pkg/gradscope_web.js';
import { buildTable, applyValues, linkPairs, DEFAULT_SPEED } from '../../www/attributes.js';

initSync({ module: readFileSync(new URL('../../www/pkg/gradscope_web_bg.wasm', import.meta.url)) });
const catalog = Explorer.catalog();
const table = buildTable(catalog);
/** Every key the table reads (names and aliases), of the 128 parameter keys the first eight and the last. */
const PARAM_KEYS = new Set(catalog.widthOneParamNames);
const KEYS = [...table.names.filter((k) => !PARAM_KEYS.has(k)),
  ...catalog.widthOneParamNames.slice(0, 8), catalog.widthOneParamNames.at(-1)];
/** Seeded, so a failure reproduces; a few hundred runs keep the file within seconds. */
const FC = { seed: 0x67726164, numRuns: 300 };

const LONG = 100_000;
const HOSTILE = [
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '1e999', '-1e999', '1e-400',
  '-1e-400', 'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '-0', '0', '1', '-1', '0.5', '1e-8',
  '1e3', '1000.0000000000001', '99999999999999999999999', '9007199254740993', '4294967296',
  '-4294967296', '1e308', '5e-324', '', ' ', '\t', '\n', '−1', '٣', '１', 'ｗ１', '𝟙', 'é',
  '\u0000', '\u202e1', '\uFEFF1', '0x10', '1_000', '+1', '.5', '5.', '1e', 'e5', '1,2', ',',
  ',,', 'relu,', 'w1', 'b1', 'W1[0][0]', 'step', 'slice', 'healthy', ' healthy ', '__proto__',
  'constructor', 'toString', 'true', 'yes', 'off', 'play,speed', 'landscape,loss',
  'x'.repeat(LONG), '1'.repeat(LONG), `${'1'.repeat(LONG)}x`, `0.${'1'.repeat(LONG)}x`,
  `${'9'.repeat(400)}`, `1e${'9'.repeat(30)}`, 'a,'.repeat(LONG / 2),
];

/** A stand-in for the element: the few methods and fields the view entries use, recording calls. */
function stubElement() {
  const calls = [];
  let speed = DEFAULT_SPEED;
  return {
    calls,
    layoutChoice: { hide: [], panels: undefined, embed: false },
    replayTarget: undefined,
    get speed() { return speed; },
    set speed(v) { calls.push(['speed', v]); speed = v; },
    setLayout(change) { calls.push(['setLayout', change]); Object.assign(this.layoutChoice, change); },
    replayTo(n) { calls.push(['replayTo', n]); },
  };
}

/** Everything a refused value must leave alone. */
function state(ex, el) {
  return {
    params: Array.from(ex.params()), start: Array.from(ex.startParams()),
    lr: ex.learningRate(), steps: ex.stepCount(), shape: ex.shape(), loss: ex.loss(),
    clip: ex.clip(), clipThreshold: ex.clipThreshold(), preset: ex.preset(),
    dataset: ex.dataset(), scheme: ex.initScheme(), scale: ex.initScale(), seed: ex.seed(),
    sample: ex.sample(), axes: Array.from(ex.landscapeAxes()), overshoot: ex.overshootParam(),
    hold: ex.holdLandscape(), speed: el.speed, layout: structuredClone(el.layoutChoice),
  };
}

const groupOf = (key) => table.entries.find((e) => e.name === key || e.aliases?.includes(key))?.group;

/**
 * Applies `values` to `ex` and checks the promises: no exception, each problem names keys it
 * was given (the entry's own key, or its group with every key of the group), and when a
 * single key is refused the handle and element are as they were. Returns the problems.
 */
function applyChecked(ex, el, values) {
  const before = state(ex, el);
  const calls = el.calls.length;
  let problems;
  assert.doesNotThrow(() => { problems = applyValues(table, ex, el, values); }, `values ${JSON.stringify(values).slice(0, 200)}`);
  for (const p of problems) {
    assert.ok(p.texts.length > 0 && typeof p.message === 'string' && p.message !== '', JSON.stringify(p).slice(0, 200));
    for (const [key, text] of p.texts) {
      assert.ok(Object.hasOwn(values, key), `problem names "${key}", which was not given`);
      assert.equal(text, values[key]);
      assert.ok(p.name === key || p.name === groupOf(key), `problem "${p.name}" for key "${key}"`);
    }
  }
  const keys = Object.keys(values);
  if (keys.length === 1 && problems.length > 0) {
    assert.deepStrictEqual(state(ex, el), before, `${keys[0]}="${values[keys[0]].slice(0, 60)}" was refused but changed the explorer`);
    assert.equal(el.calls.length, calls, `${keys[0]} was refused but called the element`);
  }
  return problems;
}

/** The states the hostile values meet: the seed network, a wide one (no w1 … keys), a trained run. */
const SETUPS = [
  () => {},
  (ex) => ex.setShape(2, 3, 'tanh'),
  (ex) => { ex.applyPreset('w3-500'); ex.step(5); },
];

/** Past this many parameters a random run starts again (a 50 × 32 network trains slowly). */
const MAX_PARAMS = 2000;

test('every key refuses hostile values with a problem naming it, and changes nothing', () => {
  for (const setup of SETUPS) {
    const ex = new Explorer();
    setup(ex);
    const el = stubElement();
    for (const key of KEYS) {
      for (const text of HOSTILE) {
        const problems = applyChecked(ex, el, { [key]: text });
        if (problems.length === 0 && table.entries.find((e) => e.name === key)?.restarts) {
          // An accepted setting that restarts the run: back to the same state, so the next
          // hostile value meets it too.
          ex.loadDefaults();
          setup(ex);
        }
      }
    }
    ex.free();
  }
});

test('values that cannot be numbers are refused for every numeric key', () => {
  const ex = new Explorer();
  const el = stubElement();
  const numeric = ['scale', 'seed', 'lr', 'clip', 'sample', 'steps', 'speed', 'layers', 'width',
    ...catalog.widthOneParamNames.slice(0, 6)];
  for (const key of numeric) {
    for (const text of ['1e999', '1e-400', 'NaN', 'Infinity', '', '<script>alert(1)</script>', `${'1'.repeat(LONG)}x`, '１', '0x10']) {
      const problems = applyChecked(ex, el, { [key]: text });
      assert.equal(problems.length, 1, `${key}="${text.slice(0, 20)}" was accepted`);
    }
  }
});

test('a number box refuses a 100 000-digit value at once (the pattern backtracks linearly)', () => {
  const ex = new Explorer();
  const el = stubElement();
  const t0 = performance.now();
  for (const text of [`${'1'.repeat(LONG)}x`, `0.${'1'.repeat(LONG)}x`, `1e${'1'.repeat(LONG)}x`]) {
    assert.equal(applyChecked(ex, el, { lr: text }).length, 1);
  }
  assert.ok(performance.now() - t0 < 1000, `took ${performance.now() - t0} ms`);
});

test('the element entries receive exactly the parsed values', () => {
  const ex = new Explorer();
  const el = stubElement();
  assert.deepEqual(applyChecked(ex, el, { speed: '5', hide: 'play, speed,play', panels: 'landscape,loss', embed: 'yes', steps: '40' }), []);
  assert.deepEqual(el.calls, [
    ['speed', 5],
    ['setLayout', { hide: ['play', 'speed'] }],
    ['setLayout', { panels: ['landscape', 'loss'] }],
    ['setLayout', { embed: true }],
    ['replayTo', 40],
  ]);
  el.calls.length = 0;
  for (const [key, text] of [['speed', '3'], ['speed', '1000'], ['hide', 'play,nope'], ['panels', 'play'], ['embed', '2'], ['steps', '1000001'], ['steps', '-1']]) {
    assert.equal(applyChecked(ex, el, { [key]: text }).length, 1, `${key}=${text}`);
  }
  assert.deepEqual(el.calls, []);
});

/** Text for a key: hostile, random, numbers of every kind, or a valid id. */
const ids = [...catalog.presets, ...catalog.schemes, ...catalog.activations, ...catalog.datasets].map((x) => x.id);
const anyText = fc.oneof(
  fc.constantFrom(...HOSTILE.filter((t) => t.length < 1000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double().map(String),
  fc.double({ min: 1e-9, max: 1e4, noNaN: true }).map(String),
  fc.integer({ min: -10, max: 100 }).map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom(...ids, ...catalog.widthOneParamNames.slice(0, 8), 'W1[0][1]', 'b2[0]', 'step'),
);

test('random values for random keys never throw, and every problem names its keys', () => {
  const ex = new Explorer();
  const el = stubElement();
  fc.assert(fc.property(fc.dictionary(fc.constantFrom(...KEYS), anyText, { maxKeys: 6 }), (values) => {
    if (ex.params().length > MAX_PARAMS) ex.loadDefaults();
    applyChecked(ex, el, values);
    // The handle's state still reads back as a link after whatever was applied.
    assert.doesNotThrow(() => linkPairs(table, ex, el));
    assert.ok(ex.params().every((p) => Number.isFinite(p)) || ex.divergence() !== undefined);
  }), FC);
});

test('a single refused value leaves the handle as it was, whatever the state', () => {
  const ex = new Explorer();
  const el = stubElement();
  fc.assert(fc.property(fc.constantFrom(...KEYS), anyText, fc.integer({ min: 0, max: 3 }), (key, text, steps) => {
    if (ex.params().length > MAX_PARAMS) ex.loadDefaults();
    ex.step(steps);
    applyChecked(ex, el, { [key]: text });
  }), FC);
});

test('numbers the handle accepts read back exactly', () => {
  const ex = new Explorer();
  const el = stubElement();
  fc.assert(fc.property(fc.double({ min: 1e-8, max: 1e3, noNaN: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (lr, w) => {
    ex.loadDefaults();
    const text = (v) => (Object.is(v, -0) ? '-0' : String(v));
    assert.deepEqual(applyChecked(ex, el, { lr: text(lr), w3: text(w) }), []);
    assert.ok(Object.is(ex.learningRate(), lr), `lr ${lr} read back as ${ex.learningRate()}`);
    assert.ok(Object.is(ex.startParams()[4], w), `w3 ${w} read back as ${ex.startParams()[4]}`);
    const pairs = Object.fromEntries(linkPairs(table, ex, el));
    // Exactly: −0 too (String(−0) is "0", which would read back as +0).
    assert.ok(Object.is(Number(pairs.lr), lr), `lr ${lr} written as ${pairs.lr}`);
    assert.ok(Object.is(Number(pairs.w3), w), `w3 ${w} written as ${pairs.w3}`);
  }), FC);
});
