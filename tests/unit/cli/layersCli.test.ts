import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layersCsv } from '../../../src/cli/layersCli';
import { runMlpExperiment } from '../../../src/cli/mlpOutput';
import { runCli } from '../../../src/cli/runCli';
import { runNotes } from '../../../src/cli/runOutput';
import { layerGradientNorms } from '../../../src/engine/problems/mlpLayers';
import { runToEnd } from '../../../src/engine/run';
import { setupMlp } from '../../../src/lab/mlpSetup';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.split('### Gradients per layer\n')[1]!.split('\n### ')[0]!;
/** The link of the README bullet that starts with `**<name>**`. */
const linkOf = (name: string) => {
  const bullet = section.split('\n- ').find((b) => b.startsWith(`**${name}**`));
  const m = bullet?.match(/`(#problem=mlp[^`]*)`/);
  if (!m) throw new Error(`README: no link for ${name}`);
  return m[1]!;
};

/** What `--layers` prints for a link, as rows by run ([run][step][layer]), with the runs themselves (computed once). */
function layers(link: string) {
  const e = decodeAny(link).shared.experiment as MlpExperiment;
  const { setup, runs } = runMlpExperiment(e);
  const r = layersCsv(setup, runs);
  const lines = r.stdout.trim().split('\n');
  const rows: number[][][] = [];
  for (const line of lines.slice(1)) {
    const [run, , step, ...w] = line.split(',');
    const i = Number(run) - 1;
    rows[i] ??= [];
    expect(Number(step)).toBe(rows[i]!.length);
    rows[i]!.push(w.map(Number));
  }
  const stderr = [...r.notes, ...runs.flatMap((run, i) => runNotes(run, i))].join('\n');
  return { rows, stderr, runs };
}

describe('trajectory --layers', () => {
  it('prints run,optimizer,step,w1…wL: each row the per-layer norms of the gradient at θ_t', () => {
    const link = '#problem=mlp&arch=2-5-3-1&size=30&steps=12&opt=gd,momentum';
    const r = runCli([link, '--layers']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('run,optimizer,step,w1,w2,w3');
    expect(lines).toHaveLength(1 + 2 * 13);
    const e = decodeAny(link).shared.experiment as MlpExperiment;
    const s = setupMlp(e);
    const n = s.mlp.paramCount;
    const { trajectory: t } = runToEnd({ problem: s.problem, run: e.runs[1]!, globals: e, start: s.theta0, steps: e.steps });
    const g = new Float64Array(n);
    const w = new Float64Array(3);
    s.mlp.lossAndGrad(t.params.slice(5 * n, 6 * n), g);
    layerGradientNorms(s.mlp.layout, g, w);
    expect(lines[1 + 13 + 5]).toBe(`2,momentum,5,${Array.from(w).join(',')}`);
  });

  it('refuses a sigmoid-neuron link, --format, --params and the theory flags with exit 2', () => {
    expect(runCli(['#eta=1', '--layers']).code).toBe(2);
    expect(runCli(['#problem=mlp', '--layers', '--format', 'csv']).stderr).toMatch(/--layers prints CSV/);
    expect(runCli(['#problem=mlp', '--layers', '--params']).code).toBe(2);
    expect(runCli(['#problem=mlp', '--layers', '--theory']).stderr).toMatch(/--layers does not go with --theory/);
  });
});

describe('README’s two links of Gradients per layer', () => {
  it('vanishing: the sigmoid 2-16-16-16-16-1 network’s layer 1 gets a gradient thousands of times smaller than layer 5', () => {
    const link = linkOf('Vanishing gradients');
    expect(link).toContain('arch=2-16-16-16-16-1&act=sigmoid');
    const { rows, runs } = layers(link);
    const gd = rows[0]!;
    expect(gd).toHaveLength(301);
    const start = gd[0]!;
    expect(start.map((v) => Number(v.toPrecision(2)))).toEqual([2.8e-5, 2.4e-3, 9.8e-3, 0.046, 0.15]);
    expect(start[4]! / start[0]!).toBeGreaterThan(5000);
    const apart = gd.findIndex((r) => r[4]! < 10 * r[0]!);
    expect(apart).toBe(78);
    expect(Math.max(...gd.map((r) => r[0]!))).toBeLessThan(3.2e-5);
    const t = runs[0]!.trajectory;
    expect([t.loss[0]!.toFixed(3), t.loss[300]!.toFixed(3)]).toEqual(['0.272', '0.250']);
    // tanh instead: no vanishing from the start, and GD learns.
    const tanh = layers(link.replace('act=sigmoid', 'act=tanh')).rows[0]!;
    expect(tanh[0]![4]! < 10 * tanh[0]![0]!).toBe(true);
  });

  it('exploding: init=3 ReLU network: plain GD diverges at step 2 with norms over 1e3 at θ₀; the clipped runs stay finite and train', () => {
    const link = linkOf('Exploding gradients');
    expect(link).toContain('init=3');
    const { rows, stderr, runs } = layers(link);
    expect(stderr).toContain('run 1 gd: diverged at step 2 (params-exploded)');
    expect(rows[0]).toHaveLength(2);
    expect(Math.min(...rows[0]![0]!)).toBeGreaterThan(2000);
    expect(Math.max(...rows[0]![0]!)).toBeLessThan(1.3e4);
    expect(Math.min(...rows[0]![1]!)).toBeGreaterThan(1e16);
    for (const clipped of [rows[1]!, rows[2]!]) {
      expect(clipped).toHaveLength(1001);
      expect(clipped.flat().every(Number.isFinite)).toBe(true);
    }
    expect(Math.round(runs[0]!.trajectory.loss[0]!)).toBe(8766);
    expect(runs.map((r) => r.status.kind)).toEqual(['diverged', 'finished', 'finished']);
    expect(runs[1]!.trajectory.loss[1000]!.toFixed(3)).toBe('0.229');
    expect(runs[2]!.trajectory.loss[1000]!.toFixed(3)).toBe('0.038');
  });
});
