import type { Experiment, Shared } from '../protocol/experiment';
import { checksum, sign } from './checksum';
import { clip, type Field } from './fields';
import { Notices, type Notice } from './notices';
import { percentDecode } from './percent';
import { CHECKSUM_SINCE, FIELDS, FIELD_KEYS, MAX_FRAGMENT, STATE_KEYS, URL_VERSION, type FieldKey, type StateKey } from './table';

export type { Notice };

type Values = { -readonly [K in StateKey]: (typeof FIELDS)[K]['fallback'] };

// A Map, not `key in FIELDS`: 'constructor' or '__proto__' must be unknown keys.
const KNOWN = new Map<string, FieldKey>(FIELD_KEYS.map((k) => [k, k]));

/** The wording the page and the tests look for when a link was cut short (or edited after it was made). */
export const INCOMPLETE = 'this link is incomplete';

function defaults(): Values {
  const out = {} as Record<string, unknown>;
  for (const k of STATE_KEYS) out[k] = FIELDS[k].fallback;
  return out as Values;
}

function toShared(v: Values): Shared {
  const experiment: Experiment = {
    problem: v.problem,
    data: v.data,
    start: [v.start[0]!, v.start[1]!],
    eta: v.eta,
    gamma: v.gamma,
    steps: v.steps,
    opt: v.opt,
    range: [v.range[0]!, v.range[1]!, v.range[2]!, v.range[3]!],
    grid: v.grid,
  };
  return { experiment, view: { layout: v.layout, t: v.t, camera: v.cam } };
}

/** The experiment a link without any keys describes: the lecture's run. */
export function defaultShared(): Shared {
  const v = defaults();
  v.t = v.steps;
  return toShared(v);
}

/**
 * Reads a URL fragment (with or without the leading '#'). Never throws: every field that is malformed,
 * out of bounds, unknown or repeated yields a notice naming it, and its default is used. A link of
 * v=2 or later must end with a matching checksum `c`; if it does not, a notice on 'link' says
 * "this link is incomplete" (the rest is still read). Work is linear in the fragment's length, and a
 * fragment over MAX_FRAGMENT is refused on its length alone.
 */
export function decode(fragment: string): { shared: Shared; notices: Notice[] } {
  const notes = new Notices();
  const text = typeof fragment === 'string' ? fragment : '';
  const from = text.charCodeAt(0) === 0x23 ? 1 : 0; // '#'
  if (text.length - from > MAX_FRAGMENT) {
    notes.add('link', `this link is ${text.length - from} characters long, over the limit of ${MAX_FRAGMENT}; using the default experiment`);
    return { shared: defaultShared(), notices: notes.list() };
  }
  const body = text.slice(from);
  const values = defaults();
  const seen = new Set<FieldKey>();
  let version = 1; // a link without v predates the checksum
  let cAt = -1; // where the part holding c starts in body
  let cValue: string | null = null;
  let afterC = false;
  let tGiven = false;
  let at = 0;
  for (const part of body.split('&')) {
    const start = at;
    at += part.length + 1;
    if (part === '') continue;
    if (cAt >= 0) afterC = true;
    const eq = part.indexOf('=');
    const keyText = eq < 0 ? part : part.slice(0, eq);
    const rawKey = percentDecode(keyText);
    const rawValue = eq < 0 ? '' : percentDecode(part.slice(eq + 1));
    if (rawKey === null) {
      const q = clip(keyText);
      notes.addUnknown(q, `key "${q}" has broken %-encoding; ignored`);
      continue;
    }
    const key = KNOWN.get(rawKey.trim());
    if (key === undefined) {
      const q = clip(rawKey.trim());
      notes.addUnknown(q, `unknown key "${q}" ignored`);
      continue;
    }
    if (key === 'c') {
      if (cAt < 0) {
        cAt = start;
        const r = rawValue === null ? null : FIELDS.c.parse(rawValue);
        cValue = r?.ok ? r.value : null;
      }
      continue;
    }
    if (seen.has(key)) {
      notes.add(key, `${key} is given more than once; using the first`);
      continue;
    }
    seen.add(key);
    const field = FIELDS[key] as Field<unknown>;
    const parsed = rawValue === null ? null : field.parse(rawValue);
    const why = parsed === null ? 'has broken %-encoding' : parsed.ok ? null : parsed.why;
    if (key === 'v') {
      // An unreadable version may be a cut one ("v=" of "v=2"): read the link as current, checksum and all.
      if (why !== null) notes.add('v', `v ${why}; reading the link as version ${URL_VERSION}`);
      version = parsed?.ok ? (parsed.value as number) : URL_VERSION;
    } else if (why !== null || !parsed?.ok) {
      notes.add(key, `${key} ${why}; using the default ${field.format(field.fallback)}`);
    } else {
      (values as Record<string, unknown>)[key] = parsed.value;
      if (key === 't') tGiven = true;
    }
  }
  if (version > URL_VERSION) {
    notes.add('v', `this link is from a newer Downhill (v=${version}); loaded what this version understands`);
  }
  if (cAt >= 0) {
    if (afterC) notes.add('link', `${INCOMPLETE} or was edited: keys follow its checksum c; loaded what it could`);
    else if (cValue !== checksum(body.slice(0, Math.max(0, cAt - 1)))) {
      notes.add('link', `${INCOMPLETE} or was edited: its checksum c does not match the text before it; loaded what it could`);
    }
  } else if (version >= CHECKSUM_SINCE) {
    notes.add('link', `${INCOMPLETE}: it ends before its checksum c; using defaults for what is missing`);
  }
  if (!tGiven) values.t = values.steps;
  else if (values.t > values.steps) {
    notes.add('t', `t ${values.t} is past the last step ${values.steps}; showing the end`);
    values.t = values.steps;
  }
  return { shared: toShared(values), notices: notes.list() };
}

/**
 * Writes the fragment (without '#') for a state: every state key in table order, then the checksum c.
 * decode(encode(s)) gives s back with no notices.
 */
export function encode(shared: Shared): string {
  const e = shared.experiment;
  const values: Values = {
    v: URL_VERSION,
    problem: e.problem,
    data: e.data,
    start: [...e.start],
    eta: e.eta,
    gamma: e.gamma,
    steps: e.steps,
    opt: e.opt,
    range: [...e.range],
    grid: e.grid,
    layout: shared.view.layout,
    t: shared.view.t,
    cam: shared.view.camera,
  };
  return sign(STATE_KEYS.map((k) => `${k}=${(FIELDS[k] as Field<unknown>).format(values[k])}`).join('&'));
}
