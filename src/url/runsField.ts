import { findOptimizer, runProblem, type RunSpec } from '../engine/optimizers';
import { formatRun } from '../engine/optimizers/runs';
import { bad, clip, ok, parseNumber, type Field, type Parsed } from './fields';

/** At most this many runs in one experiment (colours, legend rows and side-by-side panels follow). */
export const MAX_RUNS = 8;
/** The optimizers a v=1/v=2 `opt` link could name; an experiment of only these, plain and distinct, is written as `opt`. */
export const LEGACY_OPT = ['gd', 'momentum', 'nesterov'] as const;

/** One run's text `id` or `id(key:value;key:value)`, parsed and checked against its module. */
export function parseRun(text: string): Parsed<RunSpec> {
  const s = text.trim();
  const open = s.indexOf('(');
  const id = open < 0 ? s : s.slice(0, open).trim();
  const m = findOptimizer(id);
  if (!m) return bad(`"${clip(id)}" is not an optimizer`);
  const settings: Record<string, number | string> = {};
  if (open >= 0) {
    if (!s.endsWith(')')) return bad(`${id}: settings must end with ")"`);
    const body = s.slice(open + 1, -1);
    for (const part of body.split(';', 32)) {
      if (part.trim() === '') continue;
      const colon = part.indexOf(':');
      if (colon < 0) return bad(`${id}: "${clip(part)}" is not key:value`);
      const key = part.slice(0, colon).trim();
      const raw = part.slice(colon + 1).trim();
      const spec = m.settings.find((x) => x.key === key);
      if (!spec) return bad(`${clip(key)} does not apply to ${id}`);
      if (Object.hasOwn(settings, key)) return bad(`${key} is given twice`);
      if (spec.kind === 'choice') settings[key] = raw;
      else {
        const r = parseNumber(raw, -Number.MAX_VALUE, Number.MAX_VALUE);
        if (!r.ok) return bad(`${key} ${r.why}`);
        settings[key] = r.value;
      }
    }
  }
  const run: RunSpec = { optimizer: id, settings };
  const why = runProblem(run);
  return why ? bad(why) : ok(run);
}

/**
 * Reads the runs of a `runs` value, keeping the good ones: each bad run is named ("run 3: up must be
 * greater than 1") in `problems` and dropped. Refused as a whole only when it lists more than MAX_RUNS
 * or none of several can be read; an empty value is no runs.
 */
export function parseRuns(raw: string): { value: RunSpec[]; problems: string[] } | { value: null; problems: string[] } {
  const parts = raw.split(',', MAX_RUNS + 1);
  // Empty: no runs (what `opt=` with nothing says); links write that as opt=, but an edit may say it here.
  if (raw.trim() === '') return { value: [], problems: [] };
  if (parts.length > MAX_RUNS) return { value: null, problems: [`has more than ${MAX_RUNS} runs`] };
  const value: RunSpec[] = [];
  const problems: string[] = [];
  parts.forEach((p, i) => {
    const r = parseRun(p);
    if (r.ok) value.push(r.value);
    else problems.push(`run ${i + 1}: ${r.why}`);
  });
  return value.length > 0 ? { value, problems } : { value: null, problems };
}

/** The link's `runs`: null when the experiment is written with the older `opt` key instead. */
export const runsField: Field<readonly RunSpec[] | null> = {
  doc: 'the runs, in legend order: an optimizer, optionally with settings, e.g. gd(eta:0.5),momentum(gamma:0.5;clip:1) (see Runs)',
  bounds: `up to ${MAX_RUNS} runs; each setting within its optimizer's bounds (see Runs); bad runs are dropped with a notice`,
  fallback: null,
  // Strict: an edit with one bad run is refused whole (a link's reading keeps the good runs: parseRuns).
  parse(raw) {
    const r = parseRuns(raw);
    return r.value && r.problems.length === 0 ? ok(r.value) : bad(r.problems.join('; '));
  },
  format: (runs) => (runs ?? []).map(formatRun).join(','),
  omit: (runs) => runs === null,
};

/** True when `runs` can be written as an `opt` list (plain runs of gd, momentum, nesterov, each at most once). */
export function legacyOpt(runs: readonly RunSpec[]): string[] | null {
  const ids = runs.map((r) => r.optimizer);
  const plain = runs.every((r) => Object.keys(r.settings).length === 0 && (LEGACY_OPT as readonly string[]).includes(r.optimizer));
  return plain && new Set(ids).size === ids.length ? ids : null;
}

/** The runs an `opt` list stands for: one plain run per optimizer, in its order. */
export const runsOfOpt = (ids: readonly string[]): RunSpec[] => ids.map((optimizer) => ({ optimizer, settings: {} }));

/** The link's `off`: 1-based positions of hidden runs, written only when some are hidden. */
export const offField: Field<readonly number[]> = {
  doc: 'runs hidden from the views (still computed), by position 1, 2, …',
  bounds: `up to ${MAX_RUNS} different integers 1 to ${MAX_RUNS} (written only when some are hidden)`,
  fallback: [],
  parse(raw) {
    if (raw.trim() === '') return ok([]);
    const parts = raw.split(',', MAX_RUNS + 1);
    if (parts.length > MAX_RUNS) return bad(`has more than ${MAX_RUNS} entries`);
    const out: number[] = [];
    for (const p of parts) {
      const r = parseNumber(p, 1, MAX_RUNS, true);
      if (!r.ok) return bad(r.why);
      if (out.includes(r.value - 1)) return bad(`lists ${r.value} twice`);
      out.push(r.value - 1);
    }
    return ok(out.sort((a, b) => a - b));
  },
  format: (off) => off.map((i) => i + 1).join(','),
  omit: (off) => off.length === 0,
};
