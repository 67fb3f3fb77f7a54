import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { texNum } from '../../../src/engine/optimizers/tex';
import { OPTIMIZERS } from '../../../src/engine/optimizers/registry';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { createStepTracer } from '../../../src/engine/stepTrace';

const neuron = createSigmoidNeuron(LECTURE_DATA);
const trace = (optimizer: string, k: number, settings: Record<string, number | string> = {}) =>
  createStepTracer({ problem: neuron, run: { optimizer, settings }, globals: { eta: 1, gamma: 0.9 }, start: [-2, -2], steps: 100 }).at(k)!;
const parses = (tex: string) => expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();

describe.each(OPTIMIZERS.map((m) => [m.id, m] as const))('%s declares its equations', (_id, m) => {
  it('symbolic lines that KaTeX parses', () => {
    expect(m.equations.symbolic.length).toBeGreaterThan(0);
    for (const tex of m.equations.symbolic) parses(tex);
  });
  it('numeric lines for a traced step that KaTeX parses and that hold θ_t and θ_{t+1}', () => {
    const t = trace(m.id, 7);
    const lines = m.equations.numeric(t);
    for (const tex of lines) parses(tex);
    const all = lines.join(' ');
    for (const v of t.before) expect(all).toContain(texNum(v));
    for (const v of t.after!) expect(all).toContain(texNum(v));
  });
});

describe('the numbers of the equations', () => {
  it('momentum: the history plus η_t times the gradient is the update, and the step shows η_t after its schedule', () => {
    const t = trace('momentum', 5, { decay: 'exp', beta: 0.1 });
    const eta = Math.exp(-0.1 * 5);
    expect(t.probe.eta).toBeCloseTo(eta, 14);
    const [, update] = OPTIMIZERS.find((m) => m.id === 'momentum')!.equations.numeric(t);
    expect(update).toContain(texNum(eta));
    for (let i = 0; i < 2; i++) expect(update).toContain(texNum(t.probe.history[i]! + t.probe.gradStep[i]!));
  });
  it('GD with clipping says the gradient was clipped', () => {
    const lines = OPTIMIZERS.find((m) => m.id === 'gd')!.equations.numeric(trace('gd', 3, { clip: 0.001 }));
    expect(lines[0]).toContain('\\operatorname{clip}');
    expect(OPTIMIZERS.find((m) => m.id === 'gd')!.equations.numeric(trace('gd', 3))[0]).not.toContain('clip');
  });
  it('Rprop names an undone parameter', () => {
    const m = OPTIMIZERS.find((o) => o.id === 'rprop')!;
    const tracer = createStepTracer({ problem: neuron, run: { optimizer: 'rprop', settings: {} }, globals: { eta: 1, gamma: 0.9 }, start: [-2, -2], steps: 100 });
    let seen = 0;
    for (let k = 0; k < 99; k++) {
      const t = tracer.at(k)!;
      const lines = m.equations.numeric(t);
      t.probe.undone.forEach((u, i) => {
        expect(lines[i]!.includes('undone')).toBe(u === 1);
        seen += u;
      });
    }
    expect(seen).toBeGreaterThan(0);
  });
  it('writes numbers with four significant digits and TeX exponents', () => {
    expect(texNum(0.123456)).toBe('0.1235');
    expect(texNum(-2.5e-7)).toBe('-2.5\\cdot 10^{-7}');
    expect(texNum(0)).toBe('0');
  });
});
