import { describe, expect, it } from 'vitest';
import { statusText } from '../../../src/views/legend/Legend';

const summary = (finalLoss: number, startLoss: number) => ({ status: { kind: 'converged', step: 7 } as const, length: 101, finalLoss, startLoss });

describe('legend status words', () => {
  it('says converged when the run settled lower than it started', () => {
    expect(statusText({ kind: 'converged', step: 7 }, summary(1e-9, 0.07), 100)).toBe('converged at step 7');
  });

  it('says stuck on a plateau when it settled without getting lower (zero gradient on a saturated start)', () => {
    expect(statusText({ kind: 'converged', step: 7 }, summary(1, 1), 100)).toBe('stuck on a plateau from step 7 (gradient ≈ 0)');
  });

  it('names the step and reason of a divergence', () => {
    expect(statusText({ kind: 'diverged', step: 110, reason: 'params-exploded' }, summary(1, 1), 1000)).toBe('diverged at step 110 (parameters past ±1e6)');
  });
});
