import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, runExperiment } from '../../../src/cli/runCli';
import { convergenceMap, mapCells } from '../../../src/engine/convergenceMap';
import { createSigmoidNeuron } from '../../../src/engine/problems/sigmoidNeuron';
import { theoryAt } from '../../../src/engine/theory';
import type { Experiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';

interface TheoryJson {
  run: number;
  optimizer: string;
  step: number;
  plane: boolean;
  point: number[];
  loss: number;
  gradient: number[];
  hessian: number[][];
  eigenvalues: number[];
  eigenvectors: number[][];
  kind: string;
  convex: boolean;
  eta_opt: (number | null)[];
  eta_max_gd: number | null;
  eta_best_gd: number | null;
  gamma: number;
  eta_max_momentum: number | null;
  eta_max_nesterov: number | null;
  heavy_ball_optimum: { eta: number; gamma: number } | null;
  newton: { eta: number; landing: number[] | null; positive_definite: boolean };
  explain: Record<string, string>;
}

const theory = (link: string, ...flags: string[]) => {
  const r = runCli([link, '--theory', ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as TheoryJson;
};
const experiment = (link: string) => decodeAny(link).shared.experiment as Experiment;

describe('--theory', () => {
  it('prints the theory at run 1\'s start by default, every documented key, the same numbers as theoryAt', () => {
    const link = '#steps=50';
    const j = theory(link);
    const e = experiment(link);
    const want = theoryAt({ problem: createSigmoidNeuron(e.data), theta: e.start, run: e.runs[0], globals: e });
    expect(j).toMatchObject({ run: 1, optimizer: 'gd', step: 0, plane: false, point: [...e.start] });
    for (const key of ['loss', 'gradient', 'eigenvalues', 'eigenvectors', 'kind', 'convex', 'gamma']) expect(j[key as keyof TheoryJson]).toEqual(want[key as keyof typeof want]);
    expect(j.hessian).toEqual([want.hessian.slice(0, 2), want.hessian.slice(2)]);
    expect([j.eta_opt, j.eta_max_gd, j.eta_best_gd, j.eta_max_momentum, j.eta_max_nesterov, j.heavy_ball_optimum]).toEqual([want.etaOpt, want.etaMaxGd, want.etaBestGd, want.etaMaxMomentum, want.etaMaxNesterov, want.heavyBall]);
    expect(j.explain.eta_max_gd).toBe(want.explain.etaMaxGd);
    expect(j.eigenvalues[0]!).toBeLessThanOrEqual(j.eigenvalues[1]!);
  });

  it('--step t --run i: the point run i is at on step t; nulls where λ ≤ 0, numbers where it curves up', () => {
    const link = '#steps=1000&eta=2';
    const runs = runExperiment(experiment(link));
    const t = runs[1]!.trajectory;
    const j = theory(link, '--step', '990', '--run=2');
    expect(j).toMatchObject({ run: 2, optimizer: 'momentum', step: 990, point: [t.params[1980], t.params[1981]], loss: t.loss[990] });
    // Near the minimum of the sigmoid neuron the surface is a bowl: every bound is a number.
    expect(j.kind).toBe('bowl');
    expect(j.eta_max_gd!).toBeCloseTo(2 / j.eigenvalues[1]!, 12);
    expect(j.eta_max_momentum!).toBeCloseTo((2 + 2 * j.gamma) / j.eigenvalues[1]!, 12);
    expect(j.heavy_ball_optimum).not.toBeNull();
    // At the default start (−2, −2) the neuron's loss curves down both ways: nothing applies.
    const start = theory('#steps=10');
    expect(start.kind).toBe('cap');
    expect(start.eta_opt).toEqual([null, null]);
    expect([start.eta_max_gd, start.eta_best_gd, start.eta_max_momentum, start.eta_max_nesterov, start.heavy_ball_optimum]).toEqual([null, null, null, null, null]);
  });

  it('uses the run\'s own γ for the momentum and Nesterov bounds', () => {
    const j = theory('#steps=1000&eta=2&runs=nesterov(gamma:0.5)', '--step', '1000');
    expect(j.gamma).toBe(0.5);
    expect(j.eta_max_nesterov!).toBeCloseTo(3 / (2 * j.eigenvalues[1]!), 12);
  });

  it('for problem=mlp, the 2 × 2 Hessian of the shown slice plane, labelled so', () => {
    const r = runCli(['problem=mlp&arch=2-3-1&size=20&steps=30&slice=params&pair=0,1&train=pair', '--theory', '--step', '10']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as TheoryJson;
    expect(j.plane).toBe(true);
    expect(j.hessian).toHaveLength(2);
    expect(j.hessian[0]).toHaveLength(2);
    expect(j.hessian[0]![1]).toBe(j.hessian[1]![0]);
    expect(j.point).toHaveLength(2);
    expect(j.explain.exact).toMatch(/slice plane/);
    expect(r.stderr).toMatch(/^slice: /);
  });
});

describe('--map', () => {
  it('prints eta,gamma,status,step,loss for the N × N cells of the map of run 1\'s optimizer', () => {
    const link = '#steps=200&runs=momentum';
    const r = runCli([link, '--map', '5']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('eta,gamma,status,step,loss');
    expect(lines).toHaveLength(1 + 25);
    const e = experiment(link);
    const { axes, band } = convergenceMap({ problem: createSigmoidNeuron(e.data), run: e.runs[0]!, globals: e, start: e.start, steps: 200, size: 5 });
    expect(lines.slice(1)).toEqual(mapCells(axes, band).map((c) => `${c.eta},${c.gamma},${c.status},${c.step ?? ''},${c.loss}`));
    for (const l of lines.slice(1)) {
      const [, , status, step] = l.split(',');
      expect(['converged', 'diverged', 'plateau', 'not-converged']).toContain(status);
      expect(step === '').toBe(status !== 'converged' && status !== 'diverged');
    }
    expect(r.stderr).toMatch(/^map: run 1 momentum, η from 0\.01 to 31\.6/);
  });

  it('N × 1 with an empty gamma for an optimizer without γ; --run picks the run', () => {
    const r = runCli(['#steps=100&runs=momentum,gd', '--map', '4', '--run', '2']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(4);
    for (const c of rows) expect(c[1]).toBe('');
  });
});

describe('theory flags: usage errors exit 2 and name the flag', () => {
  const cases: [string[], RegExp][] = [
    [['--step', '3'], /--step needs --theory/],
    [['--run', '2'], /--run needs --theory or --map/],
    [['--theory', '--step'], /--step needs a value/],
    [['--theory', '--step', '-1'], /--step needs a step number/],
    [['--theory', '--step', '1.5'], /--step needs a step number/],
    [['--theory', '--step', '9999'], /--step 9999 is past the link's last step \(steps=1000\)/],
    [['--theory', '--run', '0'], /--run needs a run number/],
    [['--theory', '--run', '4'], /--run 4: the link has 3 runs/],
    [['--theory', '--theory'], /--theory is given twice/],
    [['--theory=yes'], /--theory takes no value/],
    [['--theory', '--map', '4'], /--theory and --map/],
    [['--map', '1'], /--map needs a size N from 2 to 256, got "1"/],
    [['--map', 'x'], /--map needs a size N/],
    [['--map', '4', '--step', '2'], /--step applies to --theory only/],
    [['--theory', '--format', 'json'], /--format does not apply to --theory/],
    [['--map', '4', '--params'], /--params does not apply to --map/],
  ];
  for (const [flags, message] of cases) {
    it(flags.join(' '), () => {
      const r = runCli(['', ...flags]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it('an optimizer without η has no map; a link with no runs has no theory', () => {
    const r = runCli(['#runs=rprop', '--map', '4']);
    expect([r.code, r.stderr]).toEqual([2, 'trajectory: --map: rprop has no η setting, so it has no (η, γ) map\n']);
    expect(runCli(['#opt=', '--theory']).stderr).toMatch(/--run 1: the link has no runs/);
  });

  it('a link after -- is not read as a flag, and a bad link is still refused as before', () => {
    expect(runCli(['--theory', '--', '#steps=5']).code).toBe(0);
    expect(runCli(['#eta=abc', '--theory']).code).toBe(2);
  });

  it('through the real entry point: exit code 2 on a bad flag, 0 and JSON on a good one', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const bad = spawnSync('node_modules/.bin/tsx', ['src/cli/trajectory.ts', '#steps=5', '--theory', '--run', 'two'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--run');
    const ok = spawnSync('node_modules/.bin/tsx', ['src/cli/trajectory.ts', '#steps=5', '--theory'], { cwd: root, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as TheoryJson).eigenvalues).toHaveLength(2);
  }, 30_000);
});
