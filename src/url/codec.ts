import type { Experiment, Shared } from '../protocol/experiment';
import { clip } from './fields';
import { FIELDS, FIELD_KEYS, MAX_FRAGMENT, URL_VERSION, type FieldKey } from './table';

/** Something in a link that was repaired or ignored, named by its key. */
export interface Notice {
  readonly key: string;
  readonly message: string;
}

type Values = { -readonly [K in FieldKey]: (typeof FIELDS)[K]['fallback'] };

function defaults(): Values {
  const out = {} as Record<string, unknown>;
  for (const k of FIELD_KEYS) out[k] = FIELDS[k].fallback;
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

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * Reads a URL fragment (with or without the leading '#'). Never throws: every field that is
 * malformed, out of bounds, unknown or repeated yields a notice naming it, and its default is used.
 */
export function decode(fragment: string): { shared: Shared; notices: Notice[] } {
  const notices: Notice[] = [];
  const values = defaults();
  let tGiven = false;
  const body = typeof fragment === 'string' ? (fragment.startsWith('#') ? fragment.slice(1) : fragment) : '';
  if (body.length > MAX_FRAGMENT) {
    notices.push({ key: 'link', message: `link is ${body.length} characters, over the limit of ${MAX_FRAGMENT}; using the default experiment` });
    return { shared: defaultShared(), notices };
  }
  const seen = new Set<string>();
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const rawValue = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    if (rawKey === null) {
      notices.push({ key: clip(part), message: `"${clip(part)}" has broken %-encoding; ignored` });
      continue;
    }
    const key = rawKey.trim();
    const field = (FIELD_KEYS as string[]).includes(key) ? FIELDS[key as FieldKey] : undefined;
    if (!field) {
      notices.push({ key: clip(key), message: `unknown key "${clip(key)}" ignored` });
      continue;
    }
    if (seen.has(key)) {
      notices.push({ key, message: `${key} is given more than once; using the first` });
      continue;
    }
    seen.add(key);
    if (rawValue === null) {
      notices.push({ key, message: `${key} has broken %-encoding; using the default` });
      continue;
    }
    const parsed = field.parse(rawValue);
    if (!parsed.ok) {
      notices.push({ key, message: `${key} ${parsed.why}; using the default ${field.format(field.fallback as never)}` });
      continue;
    }
    (values as Record<string, unknown>)[key] = parsed.value;
    if (key === 't') tGiven = true;
  }
  if (values.v > URL_VERSION) {
    notices.push({ key: 'v', message: `this link is from a newer Downhill (v=${values.v}); loaded what this version understands` });
  }
  values.v = URL_VERSION;
  if (!tGiven) values.t = values.steps;
  else if (values.t > values.steps) {
    notices.push({ key: 't', message: `t ${values.t} is past the last step ${values.steps}; showing the end` });
    values.t = values.steps;
  }
  return { shared: toShared(values), notices };
}

/** Writes the fragment (without '#') for a state; decode(encode(s)) gives s back with no notices. */
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
  return FIELD_KEYS.map((k) => `${k}=${FIELDS[k].format(values[k] as never)}`).join('&');
}
