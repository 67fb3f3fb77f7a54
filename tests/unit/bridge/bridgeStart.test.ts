import { afterEach, describe, expect, it } from 'vitest';
import { disposeBridges, HANG_MS, harness } from '../support/bridgeHarness';

afterEach(disposeBridges);

/** BridgeOptions.startMs: the engine worker posts 'ready' once its script ran; its start is no silence. */
describe('bridge watchdog: a worker\'s start', () => {
  it('with startMs, does not count a worker\'s start as silence: the hang budget runs from its "ready"', () => {
    const h = harness({ startMs: 15_000 });
    // Six hang budgets go by while the worker's script loads (a loaded machine, a service worker's answer).
    h.tick(6 * HANG_MS);
    expect(h.workers).toHaveLength(1);
    h.worker().reply({ type: 'ready' });
    h.tick(7 * HANG_MS);
    expect(h.workers).toHaveLength(1);
    h.tick(7 * HANG_MS + 1);
    expect(h.workers).toHaveLength(2);
    expect(h.store.getState().notices[0]!.message).toMatch(/did not answer for 2 s/);
  });

  it('with startMs, restarts a worker that is not ready by then, and gives the new one the same time', () => {
    const h = harness({ startMs: 15_000 });
    h.tick(15_000);
    expect(h.workers).toHaveLength(1);
    h.tick(15_001);
    expect(h.workers).toHaveLength(2);
    expect(h.workers[0]!.terminated).toBe(true);
    expect(h.store.getState().notices[0]!.message).toMatch(/did not start in 15 s/);
    expect(h.workers[1]!.lastRun()).toMatchObject({ surface: true });
    h.tick(15_001 + 14_000);
    expect(h.workers).toHaveLength(2);
  });

});
