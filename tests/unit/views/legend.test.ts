import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../src/state/store';
import { runExtras, statusText } from '../../../src/views/legend/statusText';

const summary = (patch: Partial<RunSummary> = {}): RunSummary => ({
  status: { kind: 'converged', step: 7 },
  notes: { indefiniteFrom: null },
  msPerStep: 0,
  length: 101,
  finalLoss: 1e-9,
  startLoss: 0.07,
  ...patch,
});

describe('legend status words', () => {
  it('says converged when the engine says the run settled at a minimum', () => {
    expect(statusText({ kind: 'converged', step: 7 }, summary(), 100)).toBe('converged at step 7');
  });

  it('takes the engine’s word for it: a converged run is not called a plateau for ending where it started', () => {
    expect(statusText({ kind: 'converged', step: 7 }, summary({ finalLoss: 1, startLoss: 1 }), 100)).toBe('converged at step 7');
  });

  it('says stuck on a plateau for the engine’s plateau status (zero gradient, flat around)', () => {
    expect(statusText({ kind: 'plateau', step: 7 }, summary({ finalLoss: 1, startLoss: 1 }), 100)).toBe('stuck on a plateau from step 7 (gradient ≈ 0, flat around)');
    // The words come from the status, not from comparing losses.
    expect(statusText({ kind: 'plateau', step: 3 }, summary({ finalLoss: 1e-9, startLoss: 0.07 }), 100)).toBe('stuck on a plateau from step 3 (gradient ≈ 0, flat around)');
  });

  it('says a run stopped at a saddle point, where a direction still goes down', () => {
    expect(statusText({ kind: 'saddle', step: 40 }, summary(), 100)).toBe('stopped at a saddle point at step 40 (gradient ≈ 0, a direction still goes down)');
  });

  it('names the step and reason of a divergence', () => {
    expect(statusText({ kind: 'diverged', step: 110, reason: 'params-exploded' }, summary(), 1000)).toBe('diverged at step 110 (parameters past ±1e6)');
    expect(statusText({ kind: 'diverged', step: 0, reason: 'params-nonfinite' }, summary(), 1000)).toBe('diverged at step 0 (parameters not finite)');
    expect(statusText({ kind: 'diverged', step: 3, reason: 'loss-nonfinite' }, summary(), 1000)).toBe('diverged at step 3 (loss not finite)');
  });

  it('says where Newton stopped on a singular Hessian', () => {
    expect(statusText({ kind: 'stopped', step: 12, reason: 'hessian-singular' }, summary(), 100)).toBe('Hessian singular at step 12');
  });

  it('counts the rows computed while running, and says a finished run did not converge', () => {
    expect(statusText({ kind: 'running' }, summary({ length: 40 }), 100)).toBe('computing… 40/101');
    expect(statusText({ kind: 'finished' }, summary(), 100)).toBe('not converged after 100 steps');
  });
});

describe('legend extras after the status', () => {
  it('adds nothing for a run with no notes that takes under a millisecond per step', () => {
    expect(runExtras(summary())).toEqual([]);
    expect(runExtras(summary({ msPerStep: 1 }))).toEqual([]);
  });

  it('says from which step Newton’s Hessian was not positive definite (also from step 0)', () => {
    expect(runExtras(summary({ notes: { indefiniteFrom: 4 } }))).toEqual(['Hessian not positive definite from step 4']);
    expect(runExtras(summary({ notes: { indefiniteFrom: 0 } }))).toEqual(['Hessian not positive definite from step 0']);
  });

  it('shows the time per step past a millisecond: one decimal under 10 ms, none from there', () => {
    expect(runExtras(summary({ msPerStep: 1.26 }))).toEqual(['1.3 ms/step']);
    expect(runExtras(summary({ msPerStep: 12.4 }))).toEqual(['12 ms/step']);
    expect(runExtras(summary({ msPerStep: 2.5, notes: { indefiniteFrom: 1 } }))).toEqual(['Hessian not positive definite from step 1', '2.5 ms/step']);
  });
});
