import type { AnyShared, ProblemKind, Shared } from '../protocol/experiment';
import { findPlane } from '../engine/problems/plane/registry';
import { checksum, sign } from './checksum';
import { clip, type Field } from './fields';
import { mlpDefaults, repairMlp } from './mlpRepairs';
import { Notices, type Notice } from './notices';
import { percentDecode } from './percent';
import { planeDefaultsInto, planeFieldsOf, planeKeyUsers } from './planeFields';
import { repairRuns } from './runRepairs';
import { expandScene } from './scenes';
import { parseRuns } from './runsField';
import { CHECKSUM_SINCE, FIELDS, FIELD_KEYS, keysOf, MAX_FRAGMENT, omitted, URL_VERSION, type FieldKey, type StateKey } from './table';
import { defaults, toMlpShared, toShared, valuesOf, type Values } from './values';

export type { Notice };

// A Map, not `key in FIELDS`: 'constructor' or '__proto__' must be unknown keys.
const KNOWN = new Map<string, FieldKey>(FIELD_KEYS.map((k) => [k, k]));

/** The wording the page and the tests look for when a link was cut short (or edited after it was made). */
export const INCOMPLETE = 'this link is incomplete';

/** The notice on 'problem' that decode (the app) gives for a link of the MLP lab. */
export const MLP_NOT_IN_BROWSER =
  'problem=mlp: the MLP lab is not in the browser yet, so the sigmoid neuron is shown (the command line runs MLP links: npm run -s trajectory)';

/** The experiment a link without any keys describes: the lecture's run. */
export function defaultShared(): Shared {
  const v = defaults();
  v.t = v.steps;
  return toShared(v);
}

/** What `#problem=<id>` alone describes: that surface's (or the MLP's) defaults. */
export function defaultSharedOf(problem: ProblemKind): AnyShared {
  if (problem === 'mlp') return defaultMlpShared();
  const { values } = read(`problem=${problem}`, false);
  return toShared(values);
}

/** What `#problem=mlp` alone describes: a 2-8-8-1 tanh/sigmoid network on 200 circle points, PCA slice. */
export function defaultMlpShared(): AnyShared {
  const v = defaults();
  mlpDefaults(v, v.dataset);
  v.t = v.steps;
  return toMlpShared(v);
}

/**
 * The value of the first part of `body` whose key is `key` (null if none or unreadable), found the way
 * the main loop finds keys, so both agree on which occurrence counts.
 */
function firstValue(body: string, key: StateKey): string | null {
  let at = 0;
  while (at <= body.length) {
    let end = body.indexOf('&', at);
    if (end < 0) end = body.length;
    const part = body.slice(at, end);
    at = end + 1;
    const eq = part.indexOf('=');
    if (percentDecode(eq < 0 ? part : part.slice(0, eq))?.trim() === key) return eq < 0 ? '' : percentDecode(part.slice(eq + 1));
  }
  return null;
}

function firstParsed<K extends StateKey>(body: string, key: K): (typeof FIELDS)[K]['fallback'] {
  const field = FIELDS[key] as Field<(typeof FIELDS)[K]['fallback']>;
  const raw = firstValue(body, key);
  const r = raw === null ? null : field.parse(raw);
  return r?.ok ? r.value : field.fallback;
}

type Reading = { values: Values; notices: Notice[]; problem: ProblemKind };

/**
 * The one reader behind decode and decodeAny. `app`: the browser's reading, which knows only the
 * sigmoid lab: a problem=mlp link gets the MLP_NOT_IN_BROWSER notice on 'problem' and is read as a
 * sigmoid link (its MLP keys skipped quietly, its shared keys such as eta kept).
 */
function read(fragment: string, app: boolean): Reading {
  const notes = new Notices();
  const text = typeof fragment === 'string' ? fragment : '';
  const from = text.charCodeAt(0) === 0x23 ? 1 : 0; // '#'
  if (text.length - from > MAX_FRAGMENT) {
    notes.add('link', `this link is ${text.length - from} characters long, over the limit of ${MAX_FRAGMENT}; using the default experiment`);
    const values = defaults();
    values.t = values.steps;
    return { values, notices: notes.list(), problem: 'sigmoid' };
  }
  // `#scene=<id>` alone is the scene's link (url/scenes.ts).
  const body = expandScene(text.slice(from));
  const values = defaults();
  // The problem (and for the MLP the data set, on which two defaults depend) is known before the
  // loop, so every key is judged against it and notices keep the order of the keys in the link.
  const linkProblem = firstParsed(body, 'problem');
  const problem: ProblemKind = app && linkProblem === 'mlp' ? 'sigmoid' : linkProblem;
  if (problem === 'mlp') mlpDefaults(values, firstParsed(body, 'dataset'));
  else planeDefaultsInto(values, problem);
  const ownSettings = planeFieldsOf(problem);
  const seenSettings = new Set<string>();
  const given = new Set<StateKey>();
  const seen = new Set<FieldKey>();
  let version = 1; // a link without v predates the checksum
  let cAt = -1; // where the part holding c starts in body
  let cValue: string | null = null;
  let afterC = false;
  const readSetting = (key: string, rawValue: string | null, users: readonly string[], field: (typeof ownSettings)[number] | undefined) => {
    if (!field) {
      if (!(app && linkProblem === 'mlp')) notes.add(key, `${key} is only used with problem=${users.join(', ')}; ignored`);
      return;
    }
    if (seenSettings.has(key)) {
      notes.add(key, `${key} is given more than once; using the first`);
      return;
    }
    seenSettings.add(key);
    const parsed = rawValue === null ? null : field.parse(rawValue);
    if (parsed?.ok) values.surface = { ...values.surface, [key]: parsed.value };
    else notes.add(key, `${key} ${parsed === null ? 'has broken %-encoding' : parsed.why}; using the default ${field.format(values.surface[key] ?? field.fallback)}`);
  };
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
      const users = planeKeyUsers(rawKey.trim());
      if (users.length > 0) {
        // A surface's own setting (planeFields.ts): read for its problem, named and ignored for the others.
        readSetting(rawKey.trim(), rawValue, users, ownSettings.find((f) => f.key === rawKey.trim()));
        continue;
      }
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
    const users = FIELDS[key].usedBy as readonly ProblemKind[];
    if (!users.includes(problem)) {
      // Said once per key; in the app an MLP link's own keys are covered by the notice on 'problem'.
      if (!(app && linkProblem === 'mlp' && users.includes('mlp'))) notes.add(key, `${key} is only used with problem=${users.join(', ')}; ignored`);
      continue;
    }
    if (seen.has(key)) {
      notes.add(key, `${key} is given more than once; using the first`);
      continue;
    }
    seen.add(key);
    const field = FIELDS[key] as Field<unknown>;
    if (key === 'runs' && rawValue !== null) {
      // Bad runs are dropped one by one, each named; the others still run.
      const r = parseRuns(rawValue);
      if (r.problems.length > 0) {
        const list = r.problems.join('; ');
        notes.add('runs', r.value ? `runs: ${list}; ${r.problems.length > 1 ? 'these runs were' : 'this run was'} dropped, the others run` : `runs: ${list}; using opt or the default runs`);
      }
      if (r.value) {
        values.runs = r.value;
        given.add('runs');
      }
      continue;
    }
    if (field.lenient && rawValue !== null) {
      // A list that keeps its good entries (hide): the others are named, the rest applied.
      const r = field.lenient(rawValue);
      if (r.problems.length > 0) notes.add(key, `${key} ${r.problems.join('; ')}; ${r.value ? 'the rest applied' : `using the default ${field.format(field.fallback) || 'none'}`}`);
      if (r.value) {
        (values as Record<string, unknown>)[key] = r.value;
        given.add(key);
      }
      continue;
    }
    const parsed = rawValue === null ? null : field.parse(rawValue);
    const why = parsed === null ? 'has broken %-encoding' : parsed.ok ? null : parsed.why;
    if (key === 'v') {
      // An unreadable version may be a cut one ("v=" of "v=2"): read the link as current, checksum and all.
      if (why !== null) notes.add('v', `v ${why}; reading the link as version ${URL_VERSION}`);
      version = parsed?.ok ? (parsed.value as number) : URL_VERSION;
    } else if (why !== null || !parsed?.ok) {
      // An empty default (no overlays, no guesses) is said as "none", not as an empty quote.
      const fallback = field.format((values as Record<string, unknown>)[key]);
      notes.add(key, `${key} ${why}; using the default ${fallback === '' ? '(none)' : fallback}`);
    } else if (key === 'problem' && app && parsed.value === 'mlp') {
      notes.add('problem', MLP_NOT_IN_BROWSER);
    } else {
      (values as Record<string, unknown>)[key] = parsed.value;
      given.add(key);
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
  if (given.has('runs') && given.has('opt')) notes.add('opt', 'opt and runs are both given; using runs');
  // A surface's default runs (planeDefaultsInto) give way to a link's own opt list.
  else if (given.has('opt')) values.runs = null;
  if (problem === 'mlp') repairMlp(values, given, notes);
  else if (values.embed === 'data' && findPlane(problem)?.usesData !== true) {
    notes.add('embed', `embed=data: the ${problem} surface has no data view; showing the contour plot`);
    values.embed = 'contour';
  }
  repairRuns(values, notes, problem);
  if (!given.has('t')) values.t = values.steps;
  else if (values.t > values.steps) {
    notes.add('t', `t ${values.t} is past the last step ${values.steps}; showing the end`);
    values.t = values.steps;
  }
  return { values, notices: notes.list(), problem };
}

/**
 * Reads a URL fragment (with or without the leading '#') for the app, which runs the sigmoid lab.
 * Never throws: every field that is malformed, out of bounds, unknown, repeated or belonging to the
 * other problem yields a notice naming it, and its default is used. A link of v=2 or later must end
 * with a matching checksum `c`; if it does not, a notice on 'link' says "this link is incomplete" (the
 * rest is still read). Work is linear in the fragment's length, and a fragment over MAX_FRAGMENT is
 * refused on its length alone. A problem=mlp link gives the sigmoid lab's defaults for data, start and
 * range (its shared keys, such as eta or steps, still apply) and the notice MLP_NOT_IN_BROWSER on
 * 'problem'; decodeAny reads it as an MLP experiment.
 */
export function decode(fragment: string): { shared: Shared; notices: Notice[] } {
  const { values, notices } = read(fragment, true);
  return { shared: toShared(values), notices };
}

/**
 * decode for links of either lab (the command line, and the app once it runs the MLP): the same
 * guarantees (never throws, a notice per repaired field, checksum, size limit), and for a sigmoid link
 * exactly decode's result. A problem=mlp link is read with the MLP keys; on top of each key's bounds
 * it repairs, with a notice on the key: an arch whose inputs do not match the data set (1 for sine, 2
 * otherwise: the inputs are set to match), bce for sine (mse), a pair outside θ (0,1), steps past
 * MLP_MAX_STEPS (the default). Keys of the other problem are named and ignored.
 */
export function decodeAny(fragment: string): { shared: AnyShared; notices: Notice[] } {
  const { values, notices, problem } = read(fragment, false);
  return { shared: problem === 'mlp' ? toMlpShared(values) : toShared(values), notices };
}

/**
 * Writes the fragment (without '#') for a state: the state keys of its problem in table order, then
 * the checksum c. decodeAny(encode(s)) gives s back with no notices (decode too, for a sigmoid state).
 */
export function encode(shared: Shared | AnyShared): string {
  const values = valuesOf(shared) as Record<string, unknown>;
  return sign(linkParts(shared.experiment.problem, values).join('&'));
}

/**
 * The `key=value` parts of a link of `problem` for these values, in table order with the surface's own
 * settings right after `problem`; `text` replaces a key's formatted value by the user's text (editField).
 */
export function linkParts(problem: ProblemKind, values: Record<string, unknown>, text: Readonly<Record<string, string>> = {}, keep: (k: StateKey) => boolean = (k) => !omitted(k, values[k])): string[] {
  const surface = (values.surface ?? {}) as Readonly<Record<string, readonly number[]>>;
  const parts: string[] = [];
  for (const k of keysOf(problem)) {
    // Keys that say nothing here are left out (point edits, hidden runs; opt or runs, whichever does not hold the runs).
    if (keep(k)) parts.push(`${k}=${Object.hasOwn(text, k) ? encodeURIComponent(text[k]!) : (FIELDS[k] as Field<unknown>).format(values[k])}`);
    if (k !== 'problem') continue;
    for (const f of planeFieldsOf(problem)) {
      parts.push(`${f.key}=${Object.hasOwn(text, f.key) ? encodeURIComponent(text[f.key]!) : f.format(surface[f.key] ?? f.fallback)}`);
    }
  }
  return parts;
}
