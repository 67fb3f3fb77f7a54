/**
 * The trajectory command's theory flags (runCli.ts only hooks them in):
 *
 *   --theory [--step t] [--run i]   JSON of engine/theory.ts theoryAt at the point run i (1-based,
 *                                   default 1) is at on step t (default 0, the start)
 *   --map N [--run i]               CSV eta,gamma,status,step,loss of the N × N (η, γ) convergence map
 *                                   (N × 1 for an optimizer without γ) of run i (default 1, the first)
 *
 * --theory prints one line of JSON: run, optimizer, step, plane, point, loss, gradient, hessian (rows),
 * eigenvalues (ascending), eigenvectors (eigenvectors[i] belongs to eigenvalues[i]), kind, convex,
 * eta_opt (1/λ per direction, null where λ ≤ 0), eta_max_gd, eta_best_gd, gamma (the run's γ, or the
 * link's), eta_max_momentum, eta_max_nesterov (for that γ), heavy_ball_optimum {eta, gamma}, newton
 * {eta, landing, positive_definite}, explain (one sentence per entry); null for what does not apply.
 * In the MLP lab it is the loss restricted to the link's slice plane: `plane` is true, the point is the
 * run's (a, b) on the plane, and the Hessian is the 2 × 2 one in plane coordinates. A step past the end
 * of a run that diverged uses its last finite point (stderr says so).
 *
 * --map prints `eta,gamma,status,step,loss`, one row per cell, γ rows from 0 up, η ascending within a
 * row (engine/convergenceMap.ts: the window, the statuses); gamma is empty for an optimizer without γ,
 * step empty unless the cell converged or diverged. Every cell is a run of the link's steps from its
 * start with the run's other settings. stderr names the window.
 *
 * Usage errors exit 2 and name the flag, like the command's other refusals.
 */
import { convergenceMap, mapCells, mapRefusal, MAP_MAX_SIZE, type MapAxes } from '../engine/convergenceMap';
import { projectOntoPlane } from '../engine/slices';
import { runToEnd } from '../engine/run';
import { theoryAt, type PointTheory, type TheoryEntry } from '../engine/theory';
import { formatRun } from '../engine/optimizers';
import { experimentProblem } from '../lab/experimentProblem';
import type { AnyExperiment } from '../protocol/experiment';
import { runMlpExperiment, sliceNote } from './mlpOutput';

/** What the theory flags asked for. */
export interface TheoryFlags {
  readonly output: 'theory' | 'map';
  /** The playback step (--theory). */
  readonly step: number;
  /** The run, 1-based. */
  readonly run: number;
  /** N of the map (--map). */
  readonly size: number;
}

export const THEORY_USAGE = [
  '       npm run -s trajectory -- \'<link>\' --theory [--step t] [--run i]',
  '  prints JSON of the theory at the point run i (default 1) is at on step t (default 0): L, ∇L, H, its',
  '  eigenvalues and eigenvectors, the kind of point, and the stability bounds and best values of GD,',
  '  momentum, Nesterov and Newton (on the slice plane for problem=mlp)',
  '       npm run -s trajectory -- \'<link>\' --map N [--run i]',
  '  prints eta,gamma,status,step,loss for each cell of the N × N (η, γ) convergence map of run i',
].join('\n');

const FLAGS = ['--theory', '--step', '--run', '--map'] as const;
type Flag = (typeof FLAGS)[number];

/** An integer from lo to hi written plainly (digits only), or null. */
function intArg(text: string | undefined, lo: number, hi: number): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const x = Number(text);
  return x >= lo && x <= hi ? x : null;
}

const shown = (v: string | undefined) => (v === undefined ? 'nothing' : `"${v}"`);

/**
 * Takes the theory flags out of argv (options before `--` only; `--flag value` or `--flag=value`) and
 * returns the other arguments for the command's own parser, with the flags (null when none was given),
 * or why they are refused. Bounds that need the link (the step, the run) are checked by theoryCommand.
 */
export function takeTheoryArgs(argv: readonly string[]): { rest: string[]; flags: TheoryFlags | null } | { why: string } {
  const rest: string[] = [];
  const seen = new Map<Flag, string | true>();
  let ended = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (ended || a === '--') {
      ended = true;
      rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = (eq >= 0 ? a.slice(0, eq) : a) as Flag;
    if (!FLAGS.includes(name)) {
      rest.push(a);
      continue;
    }
    if (seen.has(name)) return { why: `${name} is given twice` };
    if (name === '--theory') {
      if (eq >= 0) return { why: '--theory takes no value' };
      seen.set(name, true);
    } else {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value.startsWith('--')) return { why: `${name} needs a value, got nothing` };
      seen.set(name, value);
    }
  }
  if (seen.size === 0) return { rest, flags: null };
  const theory = seen.has('--theory');
  const map = seen.get('--map') as string | undefined;
  if (theory && map !== undefined) return { why: '--theory and --map are separate outputs: give one of them' };
  if (!theory && map === undefined) return { why: `${seen.has('--step') ? '--step' : '--run'} needs --theory${seen.has('--step') ? '' : ' or --map'}` };
  if (map !== undefined && seen.has('--step')) return { why: '--step applies to --theory only (the map starts every cell at the link\'s start)' };
  for (const other of ['--format', '--params']) {
    if (rest.some((r, k) => (r === other || r.startsWith(`${other}=`)) && !rest.slice(0, k).includes('--'))) return { why: `${other} does not apply to ${theory ? '--theory (it prints JSON)' : '--map (it prints CSV)'}` };
  }
  const stepText = seen.get('--step') as string | undefined;
  const step = stepText === undefined ? 0 : intArg(stepText, 0, Number.MAX_SAFE_INTEGER);
  if (step === null) return { why: `--step needs a step number 0, 1, 2, …, got ${shown(stepText)}` };
  const runText = seen.get('--run') as string | undefined;
  const run = runText === undefined ? 1 : intArg(runText, 1, Number.MAX_SAFE_INTEGER);
  if (run === null) return { why: `--run needs a run number 1, 2, …, got ${shown(runText)}` };
  let size = 0;
  if (map !== undefined) {
    const n = intArg(map, 2, MAP_MAX_SIZE);
    if (n === null) return { why: `--map needs a size N from 2 to ${MAP_MAX_SIZE}, got ${shown(map)}` };
    size = n;
  }
  return { rest, flags: { output: theory ? 'theory' : 'map', step, run, size } };
}

interface Output {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const refuse = (why: string): Output => ({ code: 2, stdout: '', stderr: `trajectory: ${why}\n` });

/** The output of the theory flags for a decoded, valid experiment. */
export function theoryCommand(flags: TheoryFlags, e: AnyExperiment): Output {
  const spec = e.runs[flags.run - 1];
  if (!spec) {
    const has = e.runs.length === 0 ? 'the link has no runs' : `the link has ${e.runs.length} run${e.runs.length === 1 ? '' : 's'}`;
    return refuse(`--run ${flags.run}: ${has}`);
  }
  if (flags.output === 'map') return mapOutput(flags, e);
  if (flags.step > e.steps) return refuse(`--step ${flags.step} is past the link's last step (steps=${e.steps})`);
  return theoryOutput(flags, e);
}

function theoryOutput(flags: TheoryFlags, e: AnyExperiment): Output {
  const i = flags.run - 1;
  const spec = e.runs[i]!;
  const notes: string[] = [];
  let theory: PointTheory;
  let step = flags.step;
  if (e.problem === 'mlp') {
    const { setup, runs, slice } = runMlpExperiment(e);
    const t = runs[i]!.trajectory;
    step = Math.min(step, t.length - 1);
    const n = t.paramCount;
    const theta = t.params.subarray(step * n, (step + 1) * n);
    const { a, b } = projectOntoPlane(slice.plane, theta);
    theory = theoryAt({ problem: setup.problem, theta, run: spec, globals: e, plane: { u: slice.plane.u, v: slice.plane.v, at: [a, b] } });
    notes.push(sliceNote(e, slice));
  } else {
    const { problem, start } = experimentProblem(e);
    const { trajectory: t } = runToEnd({ problem, run: spec, globals: e, start, steps: flags.step });
    step = Math.min(step, t.length - 1);
    if (step < 0) return refuse(`--run ${flags.run}: the run's start is not a usable point (it diverged at step 0)`);
    const n = t.paramCount;
    theory = theoryAt({ problem, theta: t.params.subarray(step * n, (step + 1) * n), run: spec, globals: e });
  }
  if (step < flags.step) notes.push(`theory: run ${flags.run} ${spec.optimizer} diverged before step ${flags.step}; showing its last finite point, step ${step}`);
  const m = theory.eigenvalues.length;
  const rows = Array.from({ length: m }, (_, r) => theory.hessian.slice(r * m, (r + 1) * m));
  const snake: Record<TheoryEntry, string> = {
    exact: 'exact', point: 'point', loss: 'loss', gradient: 'gradient', hessian: 'hessian', eigenvalues: 'eigenvalues', eigenvectors: 'eigenvectors',
    kind: 'kind', convex: 'convex', etaOpt: 'eta_opt', etaMaxGd: 'eta_max_gd', etaBestGd: 'eta_best_gd', etaMaxMomentum: 'eta_max_momentum',
    heavyBall: 'heavy_ball_optimum', etaMaxNesterov: 'eta_max_nesterov', newton: 'newton',
  };
  const explain = Object.fromEntries((Object.keys(snake) as TheoryEntry[]).map((k) => [snake[k], theory.explain[k]]));
  const out = {
    run: flags.run,
    text: formatRun(spec),
    optimizer: spec.optimizer,
    step,
    plane: theory.plane,
    point: theory.point,
    loss: theory.loss,
    gradient: theory.gradient,
    hessian: rows,
    eigenvalues: theory.eigenvalues,
    eigenvectors: theory.eigenvectors,
    kind: theory.kind,
    convex: theory.convex,
    eta_opt: theory.etaOpt,
    eta_max_gd: theory.etaMaxGd,
    eta_best_gd: theory.etaBestGd,
    gamma: theory.gamma,
    eta_max_momentum: theory.etaMaxMomentum,
    eta_max_nesterov: theory.etaMaxNesterov,
    heavy_ball_optimum: theory.heavyBall,
    newton: { eta: theory.newton.eta, landing: theory.newton.landing, positive_definite: theory.newton.positiveDefinite },
    explain,
  };
  return { code: 0, stdout: `${JSON.stringify(out)}\n`, stderr: notes.length > 0 ? `${notes.join('\n')}\n` : '' };
}

function windowNote(flags: TheoryFlags, axes: MapAxes, e: AnyExperiment): string {
  const etas = `η from ${axes.etas[0]} to ${axes.etas[axes.cols - 1]} (${axes.cols} log-spaced, around the run's η = ${axes.eta})`;
  const gammas = axes.gammas ? `γ from 0 to ${axes.gammas[axes.rows - 1]} (${axes.rows} rows)` : 'no γ (one row)';
  return `map: run ${flags.run} ${axes.optimizer}, ${etas}, ${gammas}; each cell ${e.steps} steps from the link's start`;
}

function mapOutput(flags: TheoryFlags, e: AnyExperiment): Output {
  const spec = e.runs[flags.run - 1]!;
  const why = mapRefusal(spec);
  if (why) return refuse(`--map: ${why}`);
  const { problem, start } = experimentProblem(e);
  const { axes, band } = convergenceMap({ problem, start, run: spec, globals: e, steps: e.steps, size: flags.size });
  const lines = ['eta,gamma,status,step,loss'];
  for (const c of mapCells(axes, band)) lines.push(`${c.eta},${c.gamma ?? ''},${c.status},${c.step ?? ''},${c.loss}`);
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: `${windowNote(flags, axes, e)}\n` };
}
