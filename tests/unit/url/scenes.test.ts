import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';
import { decodeAny, encode } from '../../../src/url/codec';
import { expandScene, findScene, SCENES } from '../../../src/url/scenes';

interface CliRun {
  text: string;
  status: { kind: string; step?: number };
  steps: { step: number; w?: number; b?: number; loss: number }[];
}

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

  it('an unknown scene is a notice naming it, and the rest of the link still counts', () => {
    const r = decodeAny('scene=nope&eta=0.5');
    expect(r.notices.map((n) => n.key)).toEqual(['scene']);
    expect(r.shared.experiment.eta).toBe(0.5);
    expect(expandScene('scene')).toBe('scene');
    expect(expandScene('scene=wells&eta=1')).toBe('scene=wells&eta=1');
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
});
