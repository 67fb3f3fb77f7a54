import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layersCsv } from '../../../src/cli/layersCli';
import { runMlpExperiment } from '../../../src/cli/mlpOutput';
import { runCli, runExperiment } from '../../../src/cli/runCli';
import { createPlane } from '../../../src/engine/problems/plane/registry';
import { bruteForce, evaluationsToReach, gridEvaluations } from '../../../src/lab/bruteForce';
import { guessRows } from '../../../src/lab/guesses';
import { paramCountOf } from '../../../src/url/mlpFields';
import type { Experiment, MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny, encode } from '../../../src/url/codec';
import { expandScene, findScene, SCENES } from '../../../src/url/scenes';
import { FIELDS } from '../../../src/url/table';

interface CliRun {
  text: string;
  status: { kind: string; step?: number };
  steps: { step: number; w?: number; b?: number; loss: number }[];
}

/** A whole number in superscript digits, as the captions write powers. */
const sup = (n: number) => [...String(n)].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('');

/** A small positive number as the captions write it: 1.7·10⁻⁶. */
const sci = (v: number) => {
  const [m, x] = v.toExponential(1).split('e-');
  return `${m}·10⁻${sup(Number(x))}`;
};

/** The CLI's JSON for a scene's link: what the page computes for it. */
function runsOf(id: string): CliRun[] {
  const r = runCli([findScene(id)!.link, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).runs;
}

describe('lecture scenes', () => {
  it.each(SCENES.map((s) => [s.id]))('%s opens with no notice, keeps its id in the link, and `#scene=<id>` alone opens it', (id) => {
    const whole = decodeAny(`${findScene(id)!.link}&scene=${id}`);
    expect(whole.notices).toEqual([]);
    expect(whole.shared.view.scene).toBe(id);
    const short = decodeAny(`#scene=${id}`);
    expect(short).toEqual(whole);
    expect(decodeAny(encode(short.shared))).toEqual({ shared: short.shared, notices: [] });
  });

  it('ids are unique and every caption is a sentence or more', () => {
    expect(new Set(SCENES.map((s) => s.id)).size).toBe(SCENES.length);
    for (const s of SCENES) expect(s.caption.length).toBeGreaterThan(60);
  });

  it('README\'s Lecture scenes table has one row per scene, in order: its title, lecture and short link', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.split('## Lecture scenes\n')[1]!.split('\n## ')[0]!;
    const rows = table.split('\n').filter((l) => l.includes('| `scene='));
    expect(rows).toEqual(SCENES.map((s) => `| ${s.title} | ${s.lecture} | \`scene=${s.id}\` |`));
  });

  it('an unknown scene is a notice naming it, and the rest of the link still counts', () => {
    const r = decodeAny('scene=nope&eta=0.5');
    expect(r.notices.map((n) => n.key)).toEqual(['scene']);
    expect(r.shared.experiment.eta).toBe(0.5);
    expect(expandScene('scene')).toBe('scene');
    expect(expandScene('scene=nope&eta=1')).toBe('scene=nope&eta=1');
  });

  it('keys beside `scene=<id>` change the scene\'s settings (the rest is the scene); the app\'s own links are read as they are', () => {
    const scene = findScene('taylor')!;
    const r = decodeAny('#scene=taylor&t=60&show=step');
    expect(r.notices).toEqual([]);
    expect(r.shared.view.scene).toBe('taylor');
    expect(r.shared.view.t).toBe(60);
    expect(r.shared.view.show).toEqual(['step']);
    const plain = decodeAny(scene.link);
    expect(r.shared.experiment).toEqual(plain.shared.experiment);
    // opt and runs are one thing; steps takes the scene's playback step with it; a second scene= is a notice, not the caption.
    const opt = decodeAny('#scene=taylor&opt=momentum');
    expect(opt.notices).toEqual([]);
    expect(opt.shared.experiment.runs.map((r) => r.optimizer)).toEqual(['momentum']);
    expect(decodeAny('#scene=lecture-run&runs=gd').notices).toEqual([]);
    const steps = decodeAny('#scene=guess-table&steps=200');
    expect(steps.notices).toEqual([]);
    expect(steps.shared.view.t).toBe(200);
    const twice = decodeAny('#scene=taylor&scene=wells&eta=1');
    expect(twice.shared.view.scene).toBe('taylor');
    expect(twice.notices.map((n) => n.key)).toEqual(['scene']);
    // A link with v (written by the app: every setting, checksummed) is not merged with the scene.
    expect(expandScene('scene=taylor&v=2&t=60')).toBe('scene=taylor&v=2&t=60');
    expect(expandScene('#scene=taylor&v=2')).toBe(`scene=taylor&${scene.link}`);
  });

  it('the lecture run: all three converge, Nesterov first (215), momentum next (304), GD last (745)', () => {
    const [gd, mom, nes] = runsOf('lecture-run');
    expect([gd!.status, mom!.status, nes!.status]).toEqual([
      { kind: 'converged', step: 745 },
      { kind: 'converged', step: 304 },
      { kind: 'converged', step: 215 },
    ]);
  });

  it('three regimes: 0.5·η_opt converges monotonically, 1.5·η_opt converges oscillating, 2.2·η_opt diverges', () => {
    const [slow, osc, div] = runsOf('three-regimes');
    expect(slow!.status.kind).toBe('converged');
    expect(osc!.status.kind).toBe('converged');
    expect(div!.status.kind).toBe('diverged');
    const sign = (r: CliRun, k: number) => Math.sign(r.steps[k]!.w!);
    // Monotone: w keeps its sign on the way in; oscillating: it flips every step.
    expect(slow!.steps.slice(0, 10).every((_, k) => sign(slow!, k) === -1)).toBe(true);
    for (let k = 0; k < 8; k++) expect(sign(osc!, k + 1)).toBe(-sign(osc!, k));
  });

  it('the eccentric bowl: Newton in one step, GD in over a hundred', () => {
    const [gd, newton] = runsOf('eccentric-newton');
    expect(newton!.status).toEqual({ kind: 'converged', step: 1 });
    expect(gd!.status.kind).toBe('converged');
    expect(gd!.status.step!).toBeGreaterThan(100);
  });

  it('Nesterov settles in about half the steps momentum needs (141 against 261)', () => {
    const [mom, nes] = runsOf('nesterov-damps');
    expect(mom!.status).toEqual({ kind: 'converged', step: 261 });
    expect(nes!.status).toEqual({ kind: 'converged', step: 141 });
  });

  it('the saddle: GD stays near it for dozens of steps, then leaves downhill', () => {
    const [gd] = runsOf('saddle');
    const near = gd!.steps.filter((s) => Math.abs(s.w!) < 0.5 && Math.abs(s.b!) < 0.5).length;
    expect(near).toBeGreaterThan(30);
    expect(gd!.status.kind).toBe('diverged');
    expect(gd!.steps.at(-1)!.loss).toBeLessThan(-1e6);
  });

  it('the wells: GD stops in the worse well (0.9, 0.9), momentum in the global one (−1, −1)', () => {
    const [gd, mom] = runsOf('wells');
    const end = (r: CliRun) => r.steps.at(-1)!;
    expect(gd!.status.kind).toBe('converged');
    expect(end(gd!).w).toBeCloseTo(0.9, 6);
    expect(end(gd!).loss).toBeCloseTo(0.6859, 4);
    expect(mom!.status.kind).toBe('converged');
    expect(end(mom!).w).toBeCloseTo(-1, 6);
    expect(end(mom!).loss).toBeLessThan(1e-12);
  });

  it('the rotated bowl: GD and Rprop converge, QuickProp diverges; unrotated QuickProp lands in 4 steps', () => {
    const [gd, rprop, qp] = runsOf('rprop-quickprop');
    expect(gd!.status.kind).toBe('converged');
    expect(rprop!.status.kind).toBe('converged');
    expect(qp!.status.kind).toBe('diverged');
    const r = runCli([findScene('rprop-quickprop')!.link.replace('angle=30', 'angle=0'), '--format', 'json']);
    expect(JSON.parse(r.stdout).runs[2].status).toEqual({ kind: 'converged', step: 4 });
  });

  it('decay: constant η diverges, exponential decay stalls short of the minimum, step decay converges', () => {
    const [constant, exp, step] = runsOf('decay');
    expect(constant!.status.kind).toBe('diverged');
    expect(exp!.status.kind).toBe('finished');
    expect(exp!.steps.at(-1)!.loss).toBeGreaterThan(1e-3);
    expect(step!.status.kind).toBe('converged');
  });

  it('XOR with 2-2-1: still above 0.09 after 2000 steps', () => {
    const [gd] = runsOf('xor');
    expect(gd!.steps.at(-1)!.step).toBe(2000);
    expect(gd!.steps.at(-1)!.loss).toBeGreaterThan(0.09);
  });

  it('the spiral: momentum below 0.02, GD still above 0.1 after 2000 steps', () => {
    const [gd, mom] = runsOf('spiral');
    expect(gd!.steps.at(-1)!.loss).toBeGreaterThan(0.1);
    expect(mom!.steps.at(-1)!.loss).toBeLessThan(0.02);
  });

  it('the guess table: the README\'s link, each guess better than the last but the second, the sixth the best (★)', () => {
    const scene = findScene('guess-table')!;
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const link = readme.split('\n').map((l) => l.trim()).find((l) => l.startsWith('#v=') && l.includes('&guesses='))!;
    expect(link.replace(/^#v=2&/, '').replace(/&c=[0-9a-f]{8}$/, '')).toBe(scene.link);
    const { shared } = decodeAny(scene.link);
    const e = shared.experiment as Experiment;
    expect(shared.view.guess).toBe(true);
    const rows = guessRows(createPlane(e.problem, e.surface, e.data), shared.view.guesses);
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.best)).toEqual([false, false, false, false, false, true]);
    expect(rows[1]!.loss).toBeGreaterThan(rows[0]!.loss);
    for (let i = 2; i < 6; i++) expect(rows[i]!.loss, `guess ${i + 1}`).toBeLessThan(rows[i - 1]!.loss);
    const [first, second, last] = [rows[0]!, rows[1]!, rows[5]!];
    expect(scene.caption).toContain(`(${second.loss.toFixed(4)} after ${first.loss.toFixed(4)})`);
    expect(scene.caption).toContain(`(${last.w}, −${-last.b})`);
    expect(scene.caption).toContain(`L ≈ ${sci(last.loss)}`);
  });

  it('brute force: the 32 × 32 grid\'s best cell, how soon GD gets as low, how much lower it ends, and n^P for the MLP', () => {
    const scene = findScene('brute-force')!;
    const e = decodeAny(scene.link).shared.experiment as Experiment;
    const grid = bruteForce(createPlane(e.problem, e.surface, e.data), e.range, 32);
    grid.advance(Infinity);
    expect(grid.done).toBe(true);
    expect(grid.count).toBe(1024);
    const best = grid.best!;
    const [gd] = runExperiment(e);
    expect(gd!.spec.optimizer).toBe('gd');
    const t = gd!.trajectory;
    const k = evaluationsToReach(t.loss, t.length, best.loss)!;
    expect(k).toBeGreaterThan(0);
    const end = t.loss[t.length - 1]!;
    // The caption's claim: GD ends lower than the grid's best cell.
    expect(end).toBeLessThan(best.loss / 10);
    const num = (v: number) => String(v).replace('-', '−');
    const sig = (v: number) => String(Number(v.toPrecision(2)));
    expect(scene.caption).toContain('1 024 loss evaluations');
    expect(scene.caption).toContain(`(${num(best.w)}, ${num(best.b)}) with L = ${sig(best.loss)}`);
    expect(scene.caption).toContain(`as low in ${k} gradient evaluations`);
    expect(scene.caption).toContain(`(L ≈ ${sci(end)} after ${t.length - 1} steps)`);
    const P = paramCountOf(FIELDS.arch.fallback);
    const cost = gridEvaluations(32, P);
    expect(scene.caption).toContain(`${P} parameters would need 32${sup(P)} ≈ ${cost.mantissa} × 10${sup(cost.exponent)} evaluations`);
  });

  /** The per-layer gradient norms (`--layers`) of an MLP scene, [run][step][layer], with its runs. */
  function layersOf(id: string) {
    const e = decodeAny(findScene(id)!.link).shared.experiment as MlpExperiment;
    const { setup, runs } = runMlpExperiment(e);
    const rows: number[][][] = runs.map(() => []);
    for (const line of layersCsv(setup, runs).stdout.trim().split('\n').slice(1)) {
      const [run, , , ...w] = line.split(',');
      rows[Number(run) - 1]!.push(w.map(Number));
    }
    return { rows, runs };
  }

  it('vanishing: at step 0 layer 1\'s gradient is thousands of times smaller than layer 5\'s, each layer below the next; GD barely moves the loss', () => {
    const scene = findScene('vanishing')!;
    const { rows, runs } = layersOf('vanishing');
    const start = rows[0]![0]!;
    expect(start).toHaveLength(5);
    for (let l = 1; l < 5; l++) expect(start[l - 1]!).toBeLessThan(start[l]!);
    const ratio = start[4]! / start[0]!;
    expect(ratio).toBeGreaterThan(1000);
    expect(scene.caption).toContain(`about ${(Math.round(ratio / 100) * 100).toLocaleString('en-US').replace(',', ' ')}×`);
    const t = runs[0]!.trajectory;
    expect(runs[0]!.spec.optimizer).toBe('gd');
    expect(t.length).toBe(301);
    expect(scene.caption).toContain(`from ${t.loss[0]!.toFixed(3)} to ${t.loss[300]!.toFixed(3)}`);
  });

  it('exploding: norms in the thousands at step 0, plain GD diverges at step 2, the clipped runs finish all 1000 steps at the losses said', () => {
    const scene = findScene('exploding')!;
    const { rows, runs } = layersOf('exploding');
    expect(Math.min(...rows[0]![0]!)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...rows[0]![0]!)).toBeLessThan(1e5);
    expect(scene.caption).toContain(`L ≈ ${Math.round(runs[0]!.trajectory.loss[0]!).toLocaleString('en-US').replace(',', ' ')}`);
    expect(runs[2]!.status).toMatchObject({ kind: 'diverged', step: 2 });
    expect(scene.caption).toContain('Plain GD diverges at step 2');
    for (const i of [0, 1]) {
      const r = runs[i]!;
      expect(r.status.kind).toBe('finished');
      expect(r.trajectory.length).toBe(1001);
      expect(rows[i]!.flat().every(Number.isFinite)).toBe(true);
    }
    expect(scene.caption).toContain(`gd(clip:1) at L = ${runs[0]!.trajectory.loss[1000]!.toFixed(3)}`);
    expect(scene.caption).toContain(`momentum(clip:1) at ${runs[1]!.trajectory.loss[1000]!.toFixed(3)}`);
  });
});
