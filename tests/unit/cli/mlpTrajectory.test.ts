import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';
import { runToEnd } from '../../../src/engine/run';
import { buildSlice, setupMlp } from '../../../src/lab/mlpSetup';
import { projectRows } from '../../../src/lab/sliceSurface';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny, defaultMlpShared, encode } from '../../../src/url/codec';
import { plain } from '../support/problems';

interface MlpJson {
  data: { x: number[][]; y: (number | number[])[] };
  layers: number[];
  activations: string[];
  loss: string;
  runs: { run: number; optimizer: string; status: { kind: string; step?: number; reason?: string }; steps: { step: number; loss: number; params?: number[] }[] }[];
}

const LINK = '#problem=mlp&size=50&steps=30&opt=gd,nesterov';
const experimentOf = (link: string) => decodeAny(link).shared.experiment as MlpExperiment;
const json = (argv: string[]) => {
  const r = runCli(argv);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as MlpJson;
};

describe('runCli for problem=mlp (json)', () => {
  it('prints data, layers, activations, loss and runs of steps with params, in that shape', () => {
    const out = json([LINK, '--format', 'json', '--params']);
    expect(Object.keys(out)).toEqual(['data', 'layers', 'activations', 'loss', 'runs']);
    expect(Object.keys(out.data)).toEqual(['x', 'y']);
    expect(out.layers).toEqual([2, 8, 8, 1]);
    expect(out.activations).toEqual(['tanh', 'tanh', 'sigmoid']);
    expect(out.loss).toBe('mse');
    expect(out.data.x).toHaveLength(50);
    expect(out.data.x.every((p) => p.length === 2)).toBe(true);
    expect(out.data.y.every((y) => y === 0 || y === 1)).toBe(true);
    expect(out.runs.map((r) => r.optimizer)).toEqual(['gd', 'nesterov']);
    for (const r of out.runs) {
      expect(Object.keys(r)).toEqual(['run', 'text', 'optimizer', 'settings', 'status', 'notes', 'steps']);
      expect(r.status.kind).not.toBe('running');
      expect(r.steps.map((s) => s.step)).toEqual(Array.from({ length: 31 }, (_, k) => k));
      for (const s of r.steps) {
        expect(Object.keys(s)).toEqual(['step', 'loss', 'params']);
        expect(s.params).toHaveLength(105);
      }
    }
  });

  it('prints exactly the engine’s data, θ_t and losses, in the flat parameter order', () => {
    const e = experimentOf(LINK);
    const setup = setupMlp(e);
    const out = json([LINK, '--format', 'json', '--params']);
    expect(out.data.x.flat()).toEqual(plain(setup.dataset.x));
    expect(out.data.y).toEqual(plain(setup.dataset.y));
    e.runs.forEach((run, k) => {
      const { trajectory: t } = runToEnd({ problem: setup.problem, run, globals: e, start: setup.theta0, steps: e.steps });
      const steps = out.runs[k]!.steps;
      expect(steps).toHaveLength(t.length);
      expect(steps.flatMap((s) => s.params!)).toEqual(plain(t.params.subarray(0, 105 * t.length)));
      expect(steps.map((s) => s.loss)).toEqual(plain(t.loss.subarray(0, t.length)));
    });
    expect(out.runs[0]!.steps[0]!.params).toEqual(plain(setup.theta0));
  });

  it('leaves the params out without --params', () => {
    const out = json([LINK, '--format', 'json']);
    for (const r of out.runs) for (const s of r.steps) expect(Object.keys(s)).toEqual(['step', 'loss']);
    const full = json([LINK, '--format=json', '--params']);
    expect(out.runs.map((r) => r.steps.map((s) => s.loss))).toEqual(full.runs.map((r) => r.steps.map((s) => s.loss)));
  });

  it('prints y as a list per point for two outputs, and one input per point for sine', () => {
    const two = json(['#problem=mlp&arch=2-4-2&size=6&steps=2&opt=gd', '--format', 'json']);
    expect(two.layers).toEqual([2, 4, 2]);
    expect(two.data.y.every((y) => Array.isArray(y) && y.length === 2 && y[0]! + y[1]! === 1)).toBe(true);
    const sine = json(['#problem=mlp&dataset=sine&size=6&steps=2&opt=gd', '--format', 'json']);
    expect(sine.layers).toEqual([1, 8, 8, 1]);
    expect(sine.activations).toEqual(['tanh', 'tanh', 'identity']);
    expect(sine.data.x.every((p) => p.length === 1)).toBe(true);
    expect(sine.data.y.every((y) => typeof y === 'number')).toBe(true);
  });
});

describe('runCli for problem=mlp (csv)', () => {
  it('prints run,optimizer,step,x,y,loss with x, y the projection onto the slice, and names the slice on stderr', () => {
    const e = experimentOf(LINK);
    const r = runCli([LINK]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('run,optimizer,step,x,y,loss');
    expect(lines).toHaveLength(1 + 2 * 31);
    expect(r.stderr).toMatch(/^slice: PCA of the path of run 1 \(gd\) about its end, pc1 [\d.]+ % and pc2 [\d.]+ %/);
    const setup = setupMlp(e);
    const runs = e.runs.map((run) => runToEnd({ problem: setup.problem, run, globals: e, start: setup.theta0, steps: e.steps }).trajectory);
    const { plane } = buildSlice(setup, e, runs[0]!);
    const rows = lines.slice(1).map((l) => l.split(','));
    e.runs.forEach((run, k) => {
      const t = runs[k]!;
      const { ab } = projectRows(plane, t.params, 105, 0, t.length);
      const mine = rows.filter((c) => c[0] === String(k + 1));
      mine.forEach((c, s) => {
        expect(c[1]).toBe(run.optimizer);
        expect(Number(c[2])).toBe(s);
        expect([Number(c[3]), Number(c[4]), Number(c[5])]).toEqual([ab[2 * s], ab[2 * s + 1], t.loss[s]]);
      });
    });
    // The PCA plane is centred at run 1's (gd's) last step.
    expect(rows.filter((c) => c[0] === '1').at(-1)!.slice(3, 5)).toEqual(['0', '0']);
  });

  it('prints θ_i and θ_j themselves for a params slice that trains only the pair', () => {
    const link = '#problem=mlp&size=30&steps=10&opt=momentum&slice=params&pair=3,104&train=pair';
    const r = runCli([link]);
    expect(r.stderr).toContain('slice: x = θ3 W1[1][1], y = θ104 b3[0] (only these two trained)');
    const out = json([link, '--format', 'json', '--params']);
    const rows = r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    rows.forEach((c, s) => expect([Number(c[3]), Number(c[4])]).toEqual([out.runs[0]!.steps[s]!.params![3], out.runs[0]!.steps[s]!.params![104]]));
  });

  it('gives each run in the json its engine status, diverged ones with the step and reason stderr names', () => {
    const link = '#problem=mlp&dataset=sine&arch=1-8-1&eta=50&steps=200&opt=gd,momentum';
    const e = experimentOf(link);
    const setup = setupMlp(e);
    const out = json([link, '--format', 'json']);
    e.runs.forEach((run, k) => {
      const { status } = runToEnd({ problem: setup.problem, run, globals: e, start: setup.theta0, steps: e.steps });
      expect(out.runs[k]!.status).toEqual(status);
    });
    const gd = out.runs[0]!;
    expect(gd.status.kind).toBe('diverged');
    expect(gd.steps).toHaveLength(gd.status.step!);
    expect(runCli([link, '--format', 'json']).stderr).toContain(`run 1 gd: diverged at step ${gd.status.step} (${gd.status.reason})`);
    expect(json([LINK, '--format', 'json']).runs.map((r) => r.status.kind)).toEqual(['finished', 'finished']);
  });

  it('notes a diverged MLP run on stderr and ends its rows at the last finite step', () => {
    const r = runCli(['#problem=mlp&dataset=sine&arch=1-8-1&eta=50&steps=200&opt=gd']);
    expect(r.code).toBe(0);
    const m = /^run 1 gd: diverged at step (\d+) \((\w|-)+\)$/m.exec(r.stderr);
    expect(m).not.toBeNull();
    const rows = r.stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(Number(m![1]));
    for (const l of rows) expect(l.split(',').slice(3).every((v) => Number.isFinite(Number(v)))).toBe(true);
    // The JSON says it too, per run (it had no status before).
    const j = json(['#problem=mlp&dataset=sine&arch=1-8-1&eta=50&steps=200&opt=gd', '--format', 'json']);
    expect(j.runs[0]!.status).toMatchObject({ kind: 'diverged', step: Number(m![1]) });
  });
});

describe('runCli refuses bad MLP links', () => {
  it.each([
    ['problem=mlp&arch=2-99-1', 'arch'],
    ['problem=mlp&dataset=sine&arch=2-8-1', 'arch'],
    ['problem=mlp&size=501', 'size'],
    ['problem=mlp&noise=2', 'noise'],
    ['problem=mlp&seed=-1', 'seed'],
    ['problem=mlp&act=constructor', 'act'],
    ['problem=mlp&dataset=sine&loss=bce', 'loss'],
    ['problem=mlp&pair=0,105', 'pair'],
    ['problem=mlp&slice=diagonal', 'slice'],
    ['problem=mlp&extent=0', 'extent'],
    ['problem=mlp&steps=5001', 'steps'],
    ['problem=mlp&data=1:1', 'data'],
  ])('%s exits with code 2 and names %s on stderr', (frag, key) => {
    const r = runCli([`#${frag}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`invalid field "${key}"`);
  });

  it('refuses a cut MLP link as incomplete, and accepts the whole one', () => {
    const link = encode({ ...defaultMlpShared(), experiment: { ...defaultMlpShared().experiment, steps: 3 }, view: { ...defaultMlpShared().view, t: 3 } });
    expect(runCli([link]).code).toBe(0);
    const cut = runCli([link.slice(0, -3)]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain('invalid field "link": this link is incomplete');
  });

  it('asks for --format json with --params', () => {
    for (const argv of [[LINK, '--params'], [LINK, '--params', '--format', 'csv']]) {
      const r = runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--params needs --format json');
      expect(r.stderr).toContain('usage:');
    }
  });
});

describe('the MLP trajectory is reproducible', () => {
  it('prints the same bytes for the same link, in this process and in a fresh one', () => {
    const link = '#problem=mlp&size=40&steps=25&arch=2-6-6-1&slice=random&seed=17&opt=momentum,gd';
    const a = runCli([link, '--format', 'json', '--params']);
    const b = runCli([link, '--format', 'json', '--params']);
    expect(b.stdout).toBe(a.stdout);
    expect(runCli([link]).stdout).toBe(runCli([link]).stdout);
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const fresh = spawnSync('node_modules/.bin/tsx', ['src/cli/trajectory.ts', link, '--format', 'json', '--params'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toBe(a.stdout);
    // Another seed is another run.
    expect(runCli([link.replace('seed=17', 'seed=18'), '--format', 'json']).stdout).not.toBe(runCli([link, '--format', 'json']).stdout);
  }, 30_000);

  it('keeps the sigmoid json as it was: --params changes nothing there', () => {
    expect(runCli(['#steps=5', '--format', 'json', '--params']).stdout).toBe(runCli(['#steps=5', '--format', 'json']).stdout);
  });
});
