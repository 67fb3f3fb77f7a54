import { describe, expect, it } from 'vitest';
import { runToEnd } from '../../../src/engine/run';
import { projectOntoPlane } from '../../../src/engine/slices';
import { buildSlice, setupMlp } from '../../../src/lab/mlpSetup';
import type { AnyToWorker, FromWorker } from '../../../src/protocol/messages';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';
import { handlerHarness } from '../support/handlerHarness';

type View = Extract<FromWorker, { type: 'view' }>;
const base = decodeAny('problem=mlp').shared.experiment as MlpExperiment;
const runsOf = (link: string) => (decodeAny(`problem=mlp&${link}`).shared.experiment as MlpExperiment).runs;
const views = (msgs: FromWorker[]) => msgs.filter((m): m is View => m.type === 'view');

describe("the worker's view reply with the followed run's step", () => {
  const e: MlpExperiment = { ...base, layers: [2, 5, 1], size: 40, steps: 60, grid: 33, slice: 'pca', runs: runsOf('runs=gd(eta:0.5),momentum(eta:0.3;gamma:0.8)') };

  it('carries the theory run\'s step at t, projected like its path, only when asked for', () => {
    const h = handlerHarness();
    h.handle({ type: 'run', runId: 1, experiment: e, surface: true });
    h.drain();
    h.handle({ type: 'view', runId: 1, t: 20, res: 4, theory: 1 });
    h.handle({ type: 'view', runId: 1, t: 20, res: 4, theory: 1, step: true } as AnyToWorker);
    const [plain, withStep] = views(h.messages());
    expect(plain!.step).toBeUndefined();
    const step = withStep!.step!;
    expect(step.run).toBe(1);
    expect(step.optimizer).toBe('momentum');
    expect(step.k).toBe(20);
    // The same projection as the run's chunks: the engine's run projected on the job's slice.
    const setup = setupMlp(e);
    const first = runToEnd({ problem: setup.problem, run: e.runs[0]!, globals: e, start: setup.theta0, steps: e.steps });
    const second = runToEnd({ problem: setup.problem, run: e.runs[1]!, globals: e, start: setup.theta0, steps: e.steps });
    const plane = buildSlice(setup, e, first.trajectory).plane;
    const n = setup.mlp.paramCount;
    const p = projectOntoPlane(plane, second.trajectory.params.subarray(21 * n, 22 * n));
    expect(step.plane.after![0]).toBe(p.a);
    expect(step.plane.after![1]).toBe(p.b);
    expect(withStep!.stepPending).toBeUndefined();
  });

  it('says pending while a long replay is under way, and gets there over several requests', () => {
    const h = handlerHarness();
    const big: MlpExperiment = { ...e, layers: [2, 16, 16, 1], size: 200, steps: 600, slice: 'random', runs: runsOf('runs=gd') };
    h.handle({ type: 'run', runId: 1, experiment: big, surface: false });
    h.drain();
    let asks = 0;
    let last: View | undefined;
    do {
      h.handle({ type: 'view', runId: 1, t: 599, res: 4, step: true });
      last = views(h.messages()).at(-1);
      asks++;
    } while (last?.stepPending && asks < 100);
    expect(asks).toBeGreaterThan(1);
    expect(last!.step!.k).toBe(599);
  });
});
