/**
 * The trajectory command: a share link in, the optimizers' paths out, computed by the same engine on the
 * same URL table as the app.
 *
 *   npm run -s trajectory -- '<share link or just its fragment>' [--format csv|json] [--params]
 *
 * The argument may be a full URL (everything after its first '#' is read; a URL without '#' means the
 * default experiment), a fragment starting with '#', or a bare fragment such as `eta=0.5&steps=20`.
 * Links of both labs are read (decodeAny): the sigmoid neuron (the default) and `problem=mlp`.
 *
 * Sigmoid neuron. CSV (the default): header `run,optimizer,step,w,b,loss`, then rows k = 0..N for each
 * run of the link, in its order; `run` is the run's position (1, 2, …: two identical runs stay apart);
 * step 0 is the start. Numbers are printed with String(x), the shortest text that parses back to the
 * same float64.
 * JSON: `{"runs":[{"run":1,"text":"gd(eta:0.5)","optimizer":"gd","settings":{"eta":0.5,…},"status":{"kind":"converged","step":745},
 * "notes":{"indefiniteFrom":null},"steps":[{"step":0,"w":-2,"b":-2,"loss":0.6}, …]}, …]}` on one line;
 * `settings` holds every setting with defaults filled in (clip "none" when not set); `status` is the
 * engine's RunStatus (kind converged | plateau | saddle | diverged | stopped | finished).
 * `--params` changes nothing here: every step already carries both parameters, w and b.
 *
 * MLP (problem=mlp). CSV: `run,optimizer,step,x,y,loss` where x, y are θ_t's coordinates on the link's
 * slice plane (its projection; stderr says which plane). JSON: `{"data":{"x":[[…],…],"y":[…]},
 * "layers":[2,8,8,1],"activations":[…],"loss":"mse","runs":[{"run":1,…,"status":…,"steps":[{"step":0,
 * "loss":L,"params":[…]},…]},…]}` (see mlpOutput.ts); `params`, θ_t in the flat order (per layer W
 * row-major [out][in], then b), only with `--params`, which needs `--format json`.
 *
 * `--layers` (MLP only, CSV): the per-layer gradient norms of every step of every run (layersCli.ts).
 *
 * Exit codes: 0 success (a diverged or stopped run is a result, noted on stderr as
 * `run 2 momentum: diverged at step 110 (params-exploded)`, its rows ending at the last finite iterate);
 * 2 usage error or a link field the app would repair; the CLI refuses instead and names the field.
 * A v=2 link that was cut or edited (its checksum c is missing or wrong) is refused the same way, as
 * `invalid field "link": this link is incomplete …`. The same link always prints the same bytes.
 */
import { createPlane } from '../engine/problems/plane/registry';
import { runToEnd } from '../engine/run';
import { planeRows, runNotes, type CliRun } from './runOutput';
import { planeJson, runsCsv } from '../lab/trajectoryText';
import { decodeAny, type Notice } from '../url/codec';
import type { Experiment } from '../protocol/experiment';
import { mlpCsv, mlpJson, runMlpExperiment, sliceNote } from './mlpOutput';
import { takeTheoryArgs, theoryCommand, THEORY_USAGE } from './theoryCli';
import { layersCsv, LAYERS_USAGE } from './layersCli';

/** What the command would print and return; the caller writes it to the process streams. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type Format = 'csv' | 'json';

export const USAGE = [
  "usage: npm run -s trajectory -- '<share link or fragment>' [--format csv|json] [--params] [--layers]",
  '  prints run,optimizer,step,w,b,loss for steps 0..N of every run in the link (csv, the default) or JSON;',
  '  for problem=mlp run,optimizer,step,x,y,loss with x, y on the slice plane, or JSON with the data, the',
  '  network and, with --params (json only), every step\'s parameters',
  LAYERS_USAGE,
  THEORY_USAGE,
].join('\n');

const FORMATS = new Map<string, Format>([
  ['csv', 'csv'],
  ['json', 'json'],
]);

type Args = { ok: true; link: string; format: Format; params: boolean; layers: boolean } | { ok: false; why: string } | { ok: 'help' };

function parseArgs(argv: readonly string[]): Args {
  let link: string | undefined;
  let format: Format = 'csv';
  let params = false;
  let layers = false;
  let formatGiven = false;
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!optionsEnded && a === '--') optionsEnded = true;
    else if (!optionsEnded && (a === '--help' || a === '-h')) return { ok: 'help' };
    else if (!optionsEnded && (a === '--format' || a.startsWith('--format='))) {
      const value = a === '--format' ? argv[++i] : a.slice('--format='.length);
      const f = value === undefined ? undefined : FORMATS.get(value);
      if (!f) return { ok: false, why: `--format needs csv or json, got ${value === undefined ? 'nothing' : `"${value}"`}` };
      format = f;
      formatGiven = true;
    } else if (!optionsEnded && a === '--params') params = true;
    else if (!optionsEnded && a === '--layers') layers = true;
    else if (!optionsEnded && a.startsWith('-') && a.length > 1) return { ok: false, why: `unknown option ${a}` };
    else if (link !== undefined) return { ok: false, why: 'give exactly one link' };
    else link = a;
  }
  if (link === undefined) return { ok: false, why: 'missing the link argument' };
  if (layers && (params || formatGiven)) return { ok: false, why: '--layers prints CSV; it takes no --format or --params' };
  if (params && format !== 'json') return { ok: false, why: '--params needs --format json' };
  return { ok: true, link, format, params, layers };
}

/** The fragment of a full URL, a '#fragment' or a bare fragment (decode accepts the leading '#'). */
export function linkFragment(link: string): string {
  const s = link.trim();
  const hash = s.indexOf('#');
  if (hash >= 0) return s.slice(hash + 1);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? '' : s;
}

/** The notice without the app's repair clause ("; using the default 1"): the CLI does not repair. */
function refusal(n: Notice): string {
  const why = n.message.replace(/;\s*(?:using|showing|loaded)\b.*$/, '').replace(/ ignored$/, '');
  return `trajectory: invalid field "${n.key}": ${why}`;
}

/** Runs every run of the experiment with the engine, like the worker does. */
export function runExperiment(e: Experiment): CliRun[] {
  const problem = createPlane(e.problem, e.surface, e.data);
  return e.runs.map((spec) => ({ spec, ...runToEnd({ problem, run: spec, globals: e, start: e.start, steps: e.steps }) }));
}

/** The whole command as a pure function of its arguments (no process access, never exits). */
export function runCli(argv: readonly string[]): CliResult {
  // --theory, --step, --run, --map: theoryCli.ts.
  const theory = takeTheoryArgs(argv);
  if ('why' in theory) return { code: 2, stdout: '', stderr: `trajectory: ${theory.why}\n${USAGE}\n` };
  const args = parseArgs(theory.rest);
  if (args.ok === 'help') return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  if (!args.ok) return { code: 2, stdout: '', stderr: `trajectory: ${args.why}\n${USAGE}\n` };

  const { shared, notices } = decodeAny(linkFragment(args.link));
  if (notices.length > 0) {
    const lines = notices.map(refusal);
    lines.push('trajectory: the app would repair these fields with defaults; fix the link and retry');
    return { code: 2, stdout: '', stderr: `${lines.join('\n')}\n` };
  }

  const e = shared.experiment;
  if (args.layers && theory.flags) return { code: 2, stdout: '', stderr: `trajectory: --layers does not go with --theory or --map\n${USAGE}\n` };
  if (args.layers && e.problem !== 'mlp') return { code: 2, stdout: '', stderr: 'trajectory: --layers needs a problem=mlp link\n' };
  if (theory.flags) return theoryCommand(theory.flags, e);
  const notes: string[] = [];
  let stdout: string;
  let runs: readonly CliRun[];
  if (e.problem === 'mlp') {
    const r = runMlpExperiment(e);
    runs = r.runs;
    if (args.layers) {
      const out = layersCsv(r.setup, r.runs);
      stdout = out.stdout;
      notes.push(...out.notes);
    } else if (args.format === 'json') stdout = mlpJson(r.setup, r.runs, args.params);
    else {
      stdout = mlpCsv(r.runs, r.slice);
      notes.push(sliceNote(e, r.slice));
    }
  } else {
    const r = runExperiment(e);
    runs = r;
    stdout = args.format === 'json' ? planeJson(r.map(planeRows)) : runsCsv(r.map(planeRows), ['w', 'b']);
  }
  if (runs.length === 0) notes.push('trajectory: the link has no runs (opt is empty)');
  runs.forEach((r, i) => notes.push(...runNotes(r, i)));
  return { code: 0, stdout, stderr: notes.length > 0 ? `${notes.join('\n')}\n` : '' };
}
