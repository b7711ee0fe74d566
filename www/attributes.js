// The one table of an explorer's settings by name: the element's attributes and a link's query
// keys are the same names. Each entry parses text into a typed value (or throws a readable
// Error), applies it to the handle, and reads the current value back from the handle, so a
// link is written from the handle's state, never from a copy of it.

import { parseNumber, parseInteger } from './format.js';
import { partNames } from './template.js';

/** A finite number, as the number boxes accept it; written exactly (shortest round trip; −0
 *  as "-0", which String() would write as "0", reading back as +0). */
const number = {
  parse: parseNumber,
  format: (v) => (Object.is(v, -0) ? '-0' : String(v).replace('e+', 'e')),
};

/** A whole number from min to max. */
const whole = (min, max) => ({ parse: (t) => parseInteger(t, min, max), format: String });

/** On or off: 1/0 (also true/false, yes/no); written as 1 or 0. */
const onOff = {
  parse: (t) => {
    if (['1', 'true', 'yes', 'on'].includes(t)) return true;
    if (['0', 'false', 'no', 'off'].includes(t)) return false;
    throw new Error(`“${t}” is not on or off (write 1 or 0)`);
  },
  format: (v) => (v ? '1' : '0'),
};

/** A comma-separated list of names from `names` (empty allowed); written the same way. */
function listOf(names, what) {
  return {
    parse: (t) => {
      const list = t.split(',').map((n) => n.trim()).filter((n) => n !== '');
      const bad = list.filter((n) => !names.includes(n));
      if (bad.length > 0) {
        throw new Error(`${bad.map((n) => `“${n}”`).join(', ')} ${bad.length === 1 ? `is not a ${what}` : `are not ${what}s`} (choose from ${names.join(', ')})`);
      }
      return [...new Set(list)];
    },
    format: (v) => v.join(','),
  };
}

/** One of the ids of a catalog list. */
function oneOf(list, what) {
  const ids = list.map((item) => item.id);
  return {
    parse: (t) => {
      if (ids.includes(t)) return t;
      throw new Error(`there is no ${what} called “${t}” (choose ${ids.join(', ')})`);
    },
    format: String,
  };
}

/** A parameter of the explorer's current network, written by name and held as its index. */
const param = {
  parse: (t, ex) => {
    const i = ex.paramNames().indexOf(t);
    if (i < 0) throw new Error(`this network has no parameter called “${t}”`);
    return i;
  },
  format: (i, ex, snap) => snap.names[i],
};

/** The overshoot view's value for "along the update" rather than a parameter. */
export const ALONG_UPDATE = 'step';
const alongUpdateOrParam = {
  parse: (t, ex) => (t === ALONG_UPDATE ? t : param.parse(t, ex)),
  format: param.format,
};

/** Most steps a link may ask to replay (`steps=`): at the seed network's pace, a few seconds. */
export const MAX_REPLAY_STEPS = 1_000_000;

/** Steps per animation frame while playing: the choices of the Speed menu. */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 500];
export const DEFAULT_SPEED = 2;

/**
 * The table, in the order entries are applied and written. An entry has `name`, `type`,
 * `restarts` (applying it starts a new run), `apply(ex, value, el)`, `read(ex, el, snap)`
 * (undefined leaves it out of a link; `snap` holds the shape, names and θ₀ read once),
 * optionally `aliases` (older names still read) and `group`: entries of one group are applied
 * together by `groups[group](ex, values)`, where missing values keep the handle's current ones.
 */
export function buildTable(catalog) {
  const { limits } = catalog;
  const parts = partNames(catalog.charts);
  const entries = [
    {
      name: 'preset', type: oneOf(catalog.presets, 'preset'), restarts: true,
      apply: (ex, v) => ex.applyPreset(v), read: (ex) => ex.preset(),
    },
    {
      name: 'layers', type: whole(1, limits.maxHiddenLayers), restarts: true, group: 'shape',
      read: (ex, el, snap) => snap.shape.hiddenLayers,
    },
    {
      name: 'width', type: whole(1, limits.maxWidth), restarts: true, group: 'shape',
      read: (ex, el, snap) => snap.shape.width,
    },
    {
      name: 'activation', type: oneOf(catalog.activations, 'activation'), restarts: true, group: 'shape',
      read: (ex, el, snap) => snap.shape.activation,
    },
    {
      // A learner's own CSV data cannot travel in a link: it is left out (the page says so).
      name: 'data', type: oneOf(catalog.datasets, 'built-in data set'), restarts: true,
      apply: (ex, v) => ex.setDataset(v),
      read: (ex) => (ex.dataset() === catalog.ownData.id ? undefined : ex.dataset()),
    },
    {
      name: 'scheme', type: oneOf(catalog.schemes, 'scheme'), restarts: true, group: 'init',
      read: (ex) => ex.initScheme(),
    },
    { name: 'scale', type: number, restarts: true, group: 'init', read: (ex) => ex.initScale() },
    { name: 'seed', type: whole(0, limits.maxSeed), restarts: true, group: 'init', read: (ex) => ex.seed() },
    ...catalog.widthOneParamNames.map((name) => ({
      name, type: number, restarts: true,
      apply: (ex, v) => ex.setParam(param.parse(name, ex), v),
      read: (ex, el, snap) => {
        if (!snap.shape.widthOne) return undefined;
        const i = snap.names.indexOf(name);
        return i < 0 ? undefined : snap.start[i];
      },
    })),
    {
      name: 'lr', type: number, restarts: false,
      apply: (ex, v) => ex.setLearningRate(v), read: (ex) => ex.learningRate(),
    },
    {
      name: 'clip', type: number, restarts: false,
      apply: (ex, v) => { ex.setClipThreshold(v); ex.setClipping(true); },
      read: (ex) => ex.clip(),
    },
    {
      name: 'x', type: param, restarts: false, view: true, group: 'axes',
      read: (ex) => ex.landscapeAxes()[0],
    },
    {
      name: 'y', type: param, restarts: false, view: true, group: 'axes',
      read: (ex) => ex.landscapeAxes()[1],
    },
    {
      // `step` (the default, left out of links) or a parameter's name.
      name: 'overshoot', aliases: ['slice'], type: alongUpdateOrParam, restarts: false, view: true,
      apply: (ex, v) => (v === ALONG_UPDATE ? ex.setOvershootAlongUpdate() : ex.setOvershootParam(v)),
      read: (ex) => ex.overshootParam(),
    },
    {
      name: 'hold', type: onOff, restarts: false, view: true,
      apply: (ex, v) => ex.setHoldLandscape(v),
      read: (ex) => (ex.holdLandscape() ? undefined : false),
    },
    {
      // Checked against the data set in use (applied before it in table order), so a refusal
      // names the real range.
      name: 'sample', type: { parse: (t, ex) => parseInteger(t, 0, ex.sampleCount() - 1), format: String },
      restarts: false, view: true,
      apply: (ex, v) => ex.setSample(v), read: (ex) => ex.sample(),
    },
    {
      name: 'speed', type: { parse: parseSpeed, format: String }, restarts: false, view: true,
      apply: (ex, v, el) => { el.speed = v; },
      read: (ex, el) => (el.speed === DEFAULT_SPEED ? undefined : el.speed),
    },
    {
      name: 'hide', type: listOf(parts.parts, 'panel or control name'), restarts: false, view: true,
      apply: (ex, v, el) => el.setLayout({ hide: v }),
      read: (ex, el) => (el.layoutChoice.hide.length === 0 ? undefined : el.layoutChoice.hide),
    },
    {
      name: 'panels', type: listOf(parts.panels, 'panel name'), restarts: false, view: true,
      apply: (ex, v, el) => el.setLayout({ panels: v }),
      read: (ex, el) => el.layoutChoice.panels,
    },
    {
      name: 'embed', type: onOff, restarts: false, view: true,
      apply: (ex, v, el) => el.setLayout({ embed: v }),
      read: (ex, el) => (el.layoutChoice.embed ? true : undefined),
    },
    {
      // Replays this many steps from the start the other keys describe: training is
      // deterministic, so a link reopens the trained state. Applied last.
      name: 'steps', type: whole(0, MAX_REPLAY_STEPS), restarts: true, view: true,
      apply: (ex, v, el) => el.replayTo(v),
      read: (ex, el) => {
        const n = el.replayTarget ?? ex.stepCount();
        return n > 0 ? n : undefined;
      },
    },
  ];
  const groups = {
    shape: (ex, v) => {
      const s = ex.shape();
      const next = [v.layers ?? s.hiddenLayers, v.width ?? s.width, v.activation ?? s.activation];
      // The same shape again keeps the weights (a preset's w3 = 500 survives restating its activation).
      if (next[0] !== s.hiddenLayers || next[1] !== s.width || next[2] !== s.activation) ex.setShape(...next);
    },
    init: (ex, v) => ex.setInit(v.scheme ?? ex.initScheme(), v.scale ?? ex.initScale(), v.seed ?? ex.seed()),
    axes: (ex, v) => {
      const [x, y] = ex.landscapeAxes();
      ex.setLandscapeAxes(v.x ?? x, v.y ?? y);
    },
  };
  const names = entries.flatMap((e) => [e.name, ...(e.aliases ?? [])]);
  return { entries, groups, names };
}

function parseSpeed(t) {
  const v = parseInteger(t, 1, SPEEDS[SPEEDS.length - 1]);
  if (!SPEEDS.includes(v)) throw new Error(`the speed must be one of ${SPEEDS.join(', ')} steps per frame`);
  return v;
}

/**
 * Applies `values` (name → text) to the handle in table order, each entry on its own: a value
 * that does not parse or that the handle refuses is skipped and reported. Returns the list of
 * problems as { name, texts: [[key, text], …], message } (a group refused as a whole names
 * every value it was given).
 */
export function applyValues(table, ex, el, values) {
  const problems = [];
  const pending = {};
  const flush = (group) => {
    if (group === undefined || pending[group] === undefined) return;
    const { parsed, texts } = pending[group];
    delete pending[group];
    try {
      table.groups[group](ex, parsed);
    } catch (e) {
      // The handle refused the group as a whole: name every value it was given.
      problems.push({ name: group, texts, message: e.message });
    }
  };
  let lastGroup;
  for (const entry of table.entries) {
    if (entry.group !== lastGroup) flush(lastGroup);
    lastGroup = entry.group;
    const key = [entry.name, ...(entry.aliases ?? [])].find((n) => values[n] !== undefined);
    if (key === undefined) continue;
    const text = values[key];
    let value;
    try {
      value = entry.type.parse(text.trim(), ex);
    } catch (e) {
      problems.push({ name: key, texts: [[key, text]], message: e.message });
      continue;
    }
    if (entry.group !== undefined) {
      pending[entry.group] ??= { parsed: {}, texts: [] };
      pending[entry.group].parsed[entry.name] = value;
      pending[entry.group].texts.push([key, text]);
      continue;
    }
    try {
      entry.apply(ex, value, el);
    } catch (e) {
      problems.push({ name: key, texts: [[key, text]], message: e.message });
    }
  }
  flush(lastGroup);
  return problems;
}

/**
 * The current state as link pairs [name, text], read from the handle: a preset left as it was
 * is written as its name plus the views; anything else is written in full.
 */
export function linkPairs(table, ex, el) {
  const asPreset = ex.preset() !== undefined;
  const snap = { shape: ex.shape(), names: ex.paramNames(), start: ex.startParams() };
  const pairs = [];
  for (const entry of table.entries) {
    if (asPreset && !entry.view && entry.name !== 'preset') continue;
    const v = entry.read(ex, el, snap);
    if (v === undefined) continue;
    pairs.push([entry.name, entry.type.format(v, ex, snap)]);
  }
  return pairs;
}

/**
 * `names` with every name (and alias) of the groups they belong to: a changed member of a group
 * is applied with the group's other values as the element's attributes give them (a new y
 * after a refused x/y pair is applied with the element's x, not the handle's old one).
 */
export function withGroups(table, names) {
  const groups = new Set(names.map((n) => entryOf(table, n)?.group).filter((g) => g !== undefined));
  const siblings = table.entries.filter((e) => groups.has(e.group)).flatMap((e) => [e.name, ...(e.aliases ?? [])]);
  return [...new Set([...names, ...siblings])];
}

/**
 * The keys under which a problem with `name` is reported ([`applyValues`]): its own, and its
 * group's when the group was refused as a whole.
 */
export function problemKeys(table, name) {
  const group = entryOf(table, name)?.group;
  return group === undefined ? [name] : [name, group];
}

/** The entry that reads attribute or link key `name` (its own name or an alias). */
export function entryOf(table, name) {
  return table.entries.find((e) => e.name === name || e.aliases?.includes(name));
}

/** Link pairs as a query string (no `?`); commas stay readable (`hide=speed,clip`). */
export function queryString(pairs) {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replaceAll('%2C', ',')}`).join('&');
}
