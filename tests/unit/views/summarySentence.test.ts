import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';
import { summarySentence } from '../../../src/views/legend/summarySentence';
import type { RunSummary } from '../../../src/state/store';
import type { RunSpec } from '../../../src/protocol/experiment';

const summary = (status: RunSummary['status'], finalLoss: number): RunSummary => ({ status, notes: { indefiniteFrom: null }, msPerStep: 0, length: 1001, finalLoss, startLoss: 0.4 });

describe('the live summary', () => {
  it('says every run\'s outcome with its final loss, in the legend\'s words', () => {
    const runs: RunSpec[] = [{ optimizer: 'gd', settings: {} }, { optimizer: 'nesterov', settings: { eta: 0.5 } }];
    const text = summarySentence(runs, [summary({ kind: 'converged', step: 745 }, 2.43e-11), summary({ kind: 'diverged', step: 3, reason: 'params-exploded' }, 1e7)], 1000);
    expect(text).toBe('After 1000 steps: 1. GD converged at step 745, L = 2.4e−11; 2. Nesterov η = 0.5 diverged at step 3 (parameters past ±1e6), L = 1.0e+7.');
  });

  it('says nothing while a run is computing or has no summary yet', () => {
    const runs = [{ optimizer: 'gd', settings: {} }, { optimizer: 'gd', settings: {} }];
    expect(summarySentence(runs, [summary({ kind: 'finished' }, 1), null], 10)).toBeNull();
    expect(summarySentence(runs, [summary({ kind: 'finished' }, 1), summary({ kind: 'running' }, 1)], 10)).toBeNull();
  });

  it('matches the CLI\'s statuses for the lecture run', () => {
    const cli = JSON.parse(runCli(['runs=gd,momentum,nesterov', '--format', 'json']).stdout).runs as { status: RunSummary['status']; steps: { loss: number }[] }[];
    const text = summarySentence(
      ['gd', 'momentum', 'nesterov'].map((optimizer) => ({ optimizer, settings: {} })),
      cli.map((r) => summary(r.status, r.steps.at(-1)!.loss)),
      1000,
    );
    expect(text).toBe('After 1000 steps: 1. GD converged at step 745, L = 2.4e−11; 2. Momentum converged at step 304, L = 2.5e−32; 3. Nesterov converged at step 215, L = 6.5e−33.');
  });
});
