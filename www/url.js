// URL state: one table mapping query names to typed values, so a teacher can share a link.

const PARAM_NAMES = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'];

/** A finite number. */
const number = {
  parse: (t) => (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) && Number.isFinite(Number(t)) ? Number(t) : undefined),
  format: String,
};

/** A whole number in [0, 2³²). */
const uint = {
  parse: (t) => (/^\d{1,10}$/.test(t) && Number(t) < 2 ** 32 ? Number(t) : undefined),
  format: String,
};

/** One of the given words. */
const oneOf = (words) => ({ parse: (t) => (words.includes(t) ? t : undefined), format: String });

/** A parameter, written by name and held as its flat index. */
const param = {
  parse: (t) => (PARAM_NAMES.includes(t) ? PARAM_NAMES.indexOf(t) : undefined),
  format: (i) => PARAM_NAMES[i],
};

export const PRESETS = ['healthy', 'w3-500', 'w3-1000', 'large-uniform', 'xavier', 'he'];
export const SCHEMES = ['uniform', 'constant', 'xavier-uniform', 'xavier-normal', 'he-uniform',
  'he-normal', 'lecun-uniform', 'lecun-normal'];

/** Every name the URL may carry, in the order it is written. */
const TABLE = {
  preset: oneOf(PRESETS),
  scheme: oneOf(SCHEMES),
  scale: number,
  seed: uint,
  ...Object.fromEntries(PARAM_NAMES.map((n) => [n, number])),
  lr: number,
  clip: number,
  x: param,
  y: param,
  slice: param,
  sample: uint,
};

/** The typed values found in the current URL; unknown names and malformed values are skipped. */
export function readUrl() {
  const query = new URLSearchParams(window.location.search);
  const state = {};
  for (const [name, type] of Object.entries(TABLE)) {
    const text = query.get(name);
    const value = text === null ? undefined : type.parse(text);
    if (value !== undefined) state[name] = value;
  }
  return state;
}

/** Replaces the URL's query with state (names whose value is undefined are left out). */
export function writeUrl(state) {
  const query = new URLSearchParams();
  for (const [name, type] of Object.entries(TABLE)) {
    if (state[name] !== undefined) query.set(name, type.format(state[name]));
  }
  const url = `${window.location.pathname}?${query}`;
  if (url !== `${window.location.pathname}${window.location.search}`) {
    window.history.replaceState(null, '', url);
  }
}
