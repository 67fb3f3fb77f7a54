import { describe, expect, it } from 'vitest';
import { createLive, type Live } from '../../../src/bridge/live';
import { createTheoryReader } from '../../../src/lab/pointTheory';
import { theoryAt } from '../../../src/engine/theory';
import { createPlane } from '../../../src/engine/problems/plane/registry';
import { defaultSharedOf } from '../../../src/url/codec';
import type { Experiment } from '../../../src/protocol/experiment';
import { runToEnd } from '../../../src/engine/run';

const quad = (): Experiment => {
  const e = defaultSharedOf('quadratic').experiment as Experiment;
  return { ...e, surface: { curv: [2, 8], angle: [30] }, runs: [{ optimizer: 'gd', settings: {} }, { optimizer: 'momentum', settings: { gamma: 0.5 } }, { optimizer: 'rprop', settings: {} }] };
};

/** A live buffer holding each run's real trajectory, as the bridge leaves it after run `id`. */
function liveWith(e: Experiment, id = 1): Live {
  const live = createLive();
  const problem = createPlane(e.problem, e.surface, e.data);
  e.runs.forEach((r, i) => {
    const { trajectory: tr, status } = runToEnd({ problem, run: r, globals: e, start: e.start, steps: e.steps });
    live.paths[i] = { params: tr.params.slice(0, 2 * tr.length), loss: tr.loss.slice(0, tr.length), length: tr.length, status, offPlane: null, run: id };
  });
  live.sentRun = id;
  live.doneRun = id;
  live.emit();
  return live;
}

describe('the theory reader', () => {
  it('reads the followed run\'s point at the playback step and gives theoryAt\'s numbers there, with the run\'s own η and γ', () => {
    const e = quad();
    const live = liveWith(e);
    const r = createTheoryReader();
    const v = r.at({ experiment: e, t: 3, theory: 1 }, live)!;
    expect(v.run).toBe(1);
    expect(v.step).toBe(3);
    expect(v.pending).toBe(false);
    expect(v.exact).toBe(true);
    const p = live.paths[1]!;
    expect(v.theory.point).toEqual([p.params[6], p.params[7]]);
    const direct = theoryAt({ problem: createPlane('quadratic', e.surface, []), theta: [p.params[6]!, p.params[7]!], run: e.runs[1], globals: e });
    expect(v.theory.eigenvalues).toEqual(direct.eigenvalues);
    expect(v.theory.eigenvalues[0]).toBeCloseTo(2, 12);
    expect(v.theory.eigenvalues[1]).toBeCloseTo(8, 12);
    expect(v.eta).toBe(e.eta);
    expect(v.gamma).toBe(0.5);
    expect(v.theory.gamma).toBe(0.5);
  });

  it('uses the last row when the path ended before the playback step, and the start while the run\'s path is an older experiment\'s', () => {
    const e = { ...quad(), eta: 0.5 }; // above 2/8: GD diverges early
    const live = liveWith(e);
    const r = createTheoryReader();
    const p = live.paths[0]!;
    expect(p.length).toBeLessThan(e.steps + 1);
    const v = r.at({ experiment: e, t: e.steps, theory: 0 }, live)!;
    expect(v.step).toBe(p.length - 1);
    live.sentRun = 2; // a newer experiment was sent; its rows have not arrived
    const moved = { ...e, start: [1, 1] as const };
    const w = r.at({ experiment: moved, t: 10, theory: 0 }, live)!;
    expect(w.pending).toBe(true);
    expect(w.step).toBe(0);
    expect(w.theory.point).toEqual([1, 1]);
  });

  it('with a hold, keeps the last path\'s theory (updating) while the new path is computed, for at most the hold, and only for the same run and optimizer', () => {
    const e = quad();
    const live = liveWith(e);
    const clock = { t: 0 };
    const r = createTheoryReader({ holdMs: 400, now: () => clock.t });
    const before = r.at({ experiment: e, t: 10, theory: 0 }, live)!;
    expect(before.pending).toBe(false);
    expect(before.updating).toBeUndefined();
    live.sentRun = 2; // a slider move: the new run's rows have not arrived
    const moved = { ...e, eta: e.eta * 1.1 };
    const held = r.at({ experiment: moved, t: 10, theory: 0 }, live)!;
    expect(held.updating).toBe(true);
    // It says when the hold ends (held since the first read, at 0), for the panel to read again then.
    expect(held.heldUntil).toBe(400);
    expect(held.theory).toBe(before.theory);
    expect(held.step).toBe(before.step);
    clock.t = 399;
    expect(r.at({ experiment: moved, t: 10, theory: 0 }, live)).toBe(held);
    // Past the hold: the start's theory, pending, as without one.
    clock.t = 400;
    const start = r.at({ experiment: moved, t: 10, theory: 0 }, live)!;
    expect(start.pending).toBe(true);
    expect(start.updating).toBeUndefined();
    // Another run followed, or another optimizer at that position: no hold.
    const r2 = createTheoryReader({ holdMs: 400, now: () => 0 });
    live.sentRun = 1;
    r2.at({ experiment: e, t: 10, theory: 0 }, live);
    live.sentRun = 2;
    expect(r2.at({ experiment: moved, t: 10, theory: 1 }, live)!.pending).toBe(true);
    const swapped = { ...moved, runs: [{ optimizer: 'nesterov', settings: {} }, ...moved.runs.slice(1)] };
    expect(r2.at({ experiment: swapped, t: 10, theory: 0 }, live)!.updating).toBeUndefined();
    // Without a hold (the default) the start's theory shows at once.
    const r3 = createTheoryReader();
    live.sentRun = 1;
    r3.at({ experiment: e, t: 10, theory: 0 }, live);
    live.sentRun = 2;
    expect(r3.at({ experiment: moved, t: 10, theory: 0 }, live)!.pending).toBe(true);
  });

  it('caches: the same inputs (or a chunk that only adds later rows) give the same object; a new step, run, worker run or experiment recomputes', () => {
    const e = quad();
    const live = liveWith(e);
    const r = createTheoryReader();
    const a = r.at({ experiment: e, t: 3, theory: 0 }, live);
    expect(r.at({ experiment: e, t: 3, theory: 0 }, live)).toBe(a);
    expect(r.at({ experiment: e, t: 4, theory: 0 }, live)).not.toBe(a);
    const b = r.at({ experiment: e, t: 4, theory: 1 }, live);
    expect(b!.run).toBe(1);
    live.emit();
    expect(r.at({ experiment: e, t: 4, theory: 1 }, live)).toBe(b);
    // The worker's next run (the same experiment sent again after a restart) writes new rows.
    live.sentRun = 2;
    live.paths[1]!.run = 2;
    expect(r.at({ experiment: e, t: 4, theory: 1 }, live)).not.toBe(b);
    expect(r.at({ experiment: { ...e }, t: 4, theory: 1 }, live)).not.toBe(r.at({ experiment: e, t: 4, theory: 1 }, live));
  });

  it('follows the first run when theory is past the list, says nothing for the MLP or without runs, and marks only the quadratic exact', () => {
    const e = quad();
    const live = liveWith(e);
    const r = createTheoryReader();
    expect(r.at({ experiment: e, t: 0, theory: 7 }, live)!.run).toBe(2);
    expect(r.at({ experiment: e, t: 0, theory: 2 }, live)!.eta).toBeNull(); // Rprop ignores η
    expect(r.at({ experiment: { ...e, runs: [] }, t: 0, theory: 0 }, live)).toBeNull();
    expect(r.at({ experiment: defaultSharedOf('mlp').experiment, t: 0, theory: 0 }, live)).toBeNull();
    const ros = { ...(defaultSharedOf('rosenbrock').experiment as Experiment) };
    const v = r.at({ experiment: ros, t: 0, theory: 0 }, liveWith(ros, 1))!;
    expect(v.exact).toBe(false);
    expect(v.theory.point).toEqual([...ros.start]);
  });

  it('is never exact for a run that decays its η or clips its gradient, and shows nothing where the loss is not finite', () => {
    const base = quad();
    const e = { ...base, runs: [{ optimizer: 'gd', settings: { eta: 0.5, decay: 'inv' } }, { optimizer: 'gd', settings: { clip: 1 } }, { optimizer: 'gd', settings: {} }] } as Experiment;
    const live = liveWith(e);
    const r = createTheoryReader();
    expect(r.at({ experiment: e, t: 0, theory: 0 }, live)).toMatchObject({ modified: 'decay', exact: false });
    expect(r.at({ experiment: e, t: 0, theory: 1 }, live)).toMatchObject({ modified: 'clip', exact: false });
    expect(r.at({ experiment: e, t: 0, theory: 2 }, live)).toMatchObject({ modified: null, exact: true });
    // The plateau far out: the loss overflows at the start, the run diverges at step 0 with no rows.
    const far = { ...(defaultSharedOf('plateau').experiment as Experiment), start: [353.3, 10] as const, range: [340, 360, -20, 20] as const };
    const farLive = liveWith(far);
    expect(farLive.paths[0]!.length).toBeLessThanOrEqual(1);
    expect(r.at({ experiment: far, t: 0, theory: 0 }, farLive)).toBeNull();
  });
});
