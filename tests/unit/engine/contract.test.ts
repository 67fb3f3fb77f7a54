import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findOptimizer,
  getOptimizer,
  OPTIMIZERS,
  resolveSettings,
  runProblem,
  runSettings,
  formatRun,
  runLabel,
  settingProblem,
  type OptimizerModule,
  type RunSpec,
  type SettingSpec,
} from '../../../src/engine/optimizers';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { runToEnd } from '../../../src/engine/run';
import { nextDown, nextUp, quadraticForm, run } from '../support/problems';

const ALL_KEYS = [...new Set(OPTIMIZERS.flatMap((m) => m.settings.map((s) => s.key)))];
const DEFAULT_GLOBALS = { eta: 1, gamma: 0.9 };

/** The explicit settings that let `spec` apply (beta needs decay:exp, drop and patience decay:step). */
/**
 * The other settings a value of `spec` needs to be judged on its own bounds: the schedule it belongs to,
 * and for Rprop's step bounds the widest partners (its check wants min ≤ step ≤ max).
 */
function prerequisites(spec: SettingSpec): Record<string, string | number> {
  if (spec.kind === 'number' && spec.when) return { [spec.when.key]: spec.when.value };
  const rpropPartners: Record<string, Record<string, number>> = { step: { min: 1e-12, max: 1000 }, max: { step: 1e-6, min: 1e-12 }, min: { step: 1, max: 1000 } };
  // Rprop's three step bounds are the settings whose label names a step.
  return spec.label.includes('step') ? (rpropPartners[spec.key] ?? {}) : {};
}

/** A value of the setting that passes its bounds (its default when that does, else a point inside). */
function validValue(spec: SettingSpec): number | string {
  if (spec.kind === 'choice') return spec.options[0]!;
  if (settingProblem(spec, spec.default) === null) return spec.default;
  return spec.integer ? Math.ceil(spec.min + 1) : spec.min + (Math.min(spec.max, spec.min + 2) - spec.min) / 2;
}

/** A bit-exact copy of a run's rows, θ and L. */
function bits(m: OptimizerModule<never>, start: readonly number[], steps: number) {
  const { trajectory: t, status, notes } = runToEnd({ problem: createSigmoidNeuron(LECTURE_DATA), run: { optimizer: m.id, settings: {} }, globals: DEFAULT_GLOBALS, start, steps });
  return { params: Buffer.from(t.params.buffer).toString('hex'), loss: Buffer.from(t.loss.buffer).toString('hex'), length: t.length, status, notes };
}

describe.each(OPTIMIZERS.map((m) => [m.id, m] as const))('the optimizer module %s', (id, m) => {
  it('is found by its id and has a name, a rule and settings with unique keys', () => {
    expect(findOptimizer(id)).toBe(m);
    expect(m.name.length).toBeGreaterThan(0);
    expect(m.rule.length).toBeGreaterThan(0);
    const keys = m.settings.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is deterministic: the same run twice gives a bit-identical trajectory, status and notes', () => {
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }), (w, b) => {
        expect(bits(m, [w, b], 60)).toEqual(bits(m, [w, b], 60));
      }),
      { numRuns: 20 },
    );
  });

  it.each(m.settings.map((s) => [s.key, s] as const))('has a default of %s that passes its own bounds', (_key, spec) => {
    expect(settingProblem(spec, spec.default)).toBeNull();
  });

  it('refuses every numeric setting just outside its bounds and accepts the bounds it includes', () => {
    for (const spec of m.settings) {
      if (spec.kind !== 'number') continue;
      const at = (v: number) => runProblem({ optimizer: id, settings: { ...prerequisites(spec), [spec.key]: v } });
      const refused = new RegExp(`^${spec.key} must be `);
      if (Number.isFinite(spec.min)) {
        expect(at(nextDown(spec.min)), `${spec.key} below min`).toMatch(refused);
        if (spec.minExclusive) {
          expect(at(spec.min), `${spec.key} at exclusive min`).toMatch(refused);
          if (!spec.integer) expect(at(nextUp(spec.min)), `${spec.key} just above exclusive min`).toBeNull();
        } else expect(at(spec.min), `${spec.key} at min`).toBeNull();
      }
      if (!Number.isFinite(spec.max)) expect(at(Number.MAX_VALUE), `${spec.key} unbounded above`).toBeNull();
      else {
        expect(at(nextUp(spec.max)), `${spec.key} above max`).toMatch(refused);
        if (spec.maxExclusive) {
          expect(at(spec.max), `${spec.key} at exclusive max`).toMatch(refused);
          if (!spec.integer) expect(at(nextDown(spec.max)), `${spec.key} just below exclusive max`).toBeNull();
        } else expect(at(spec.max), `${spec.key} at max`).toBeNull();
      }
      if (spec.integer) expect(at(Math.ceil(spec.min) + 0.5), `${spec.key} not an integer`).toBe(`${spec.key} must be an integer`);
      for (const bad of [NaN, '1' as unknown as number]) expect(at(bad), `${spec.key} = ${String(bad)}`).toBe(`${spec.key} must be a number`);
    }
  });

  it('refuses a choice setting outside its options, prototype names included', () => {
    for (const spec of m.settings) {
      if (spec.kind !== 'choice') continue;
      for (const o of spec.options) expect(runProblem({ optimizer: id, settings: { [spec.key]: o } })).toBeNull();
      for (const bad of ['nope', 'constructor', '__proto__', 3 as unknown as string]) {
        expect(runProblem({ optimizer: id, settings: { [spec.key]: bad } })).toBe(`${spec.key} must be one of ${spec.options.join(', ')}`);
      }
    }
  });

  it('accepts every setting at a value inside its bounds, one at a time', () => {
    for (const spec of m.settings) {
      expect(runProblem({ optimizer: id, settings: { ...prerequisites(spec), [spec.key]: validValue(spec) } }), spec.key).toBeNull();
    }
  });

  it('resolveSettings fills every declared key (and only those) from the run, then the globals, then the defaults', () => {
    const globals = { eta: 0.37, gamma: 0.42 };
    const resolved = resolveSettings(m, { optimizer: id, settings: {} }, globals);
    expect(Object.keys(resolved).sort()).toEqual(m.settings.map((s) => s.key).sort());
    for (const spec of m.settings) {
      const expected = spec.kind === 'number' && spec.global ? globals[spec.global] : spec.default;
      expect(resolved[spec.key], spec.key).toBe(expected);
    }
    for (const spec of m.settings) {
      const v = validValue(spec);
      expect(runSettings({ optimizer: id, settings: { ...prerequisites(spec), [spec.key]: v } }, globals)[spec.key], spec.key).toBe(v);
    }
  });

  it('refuses a setting it does not declare, naming the setting and the optimizer', () => {
    const declared = new Set(m.settings.map((s) => s.key));
    for (const key of [...ALL_KEYS.filter((k) => !declared.has(k)), 'adam', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(runProblem({ optimizer: id, settings: { [key]: 0.5 } }), key).toBe(`${key} does not apply to ${id}`);
    }
    // A key named __proto__ as a JSON parser or the link codec would create it: an own property.
    expect(runProblem({ optimizer: id, settings: JSON.parse('{"__proto__": 0.5}') as Record<string, number> })).toBe(`__proto__ does not apply to ${id}`);
  });

  it('refuses a setting that only applies with another one when that one is not set', () => {
    for (const spec of m.settings) {
      if (spec.kind !== 'number' || !spec.when) continue;
      expect(runProblem({ optimizer: id, settings: { [spec.key]: validValue(spec) } })).toBe(`${spec.key} applies only with ${spec.when.key}:${spec.when.value}`);
    }
  });

  if (m.settings.some((s) => s.key === 'gamma')) {
    it('with γ = 0 gives gradient descent bit for bit (trajectory, losses, status)', () => {
      fc.assert(
        fc.property(
          fc.double({ min: -5, max: 5, noNaN: true }),
          fc.double({ min: -5, max: 5, noNaN: true }),
          fc.double({ min: 1e-3, max: 20, noNaN: true }),
          fc.constantFrom<Record<string, number | string>>({}, { decay: 'inv' }, { clip: 0.01 }, { decay: 'step', patience: 3 }),
          (w, b, eta, extra) => {
            const problem = createSigmoidNeuron(LECTURE_DATA);
            const opts = (optimizer: string, s: Record<string, number | string>) => runToEnd({ problem, run: { optimizer, settings: { ...extra, ...s } }, globals: { eta, gamma: 0.9 }, start: [w, b], steps: 40 });
            const a = opts('gd', {});
            const c = opts(id, { gamma: 0 });
            expect(Buffer.from(c.trajectory.params.buffer).equals(Buffer.from(a.trajectory.params.buffer))).toBe(true);
            expect(Buffer.from(c.trajectory.loss.buffer).equals(Buffer.from(a.trajectory.loss.buffer))).toBe(true);
            expect(c.status).toEqual(a.status);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('descends on a positive definite quadratic from a generic start with default settings', () => {
    // L = ½ (θ − m)ᵀA(θ − m) with eigenvalues ≈ 1.16 and 0.34: inside every default's stability bound
    // (η = 1, γ = 0.9; Nesterov's is (2 + 2γ)/(1 + 2γ) ≈ 1.36). QuickProp is per parameter: its secant
    // along θ_i also sees the change of ∂L/∂θ_i caused by the other parameters' moves, and on this coupled
    // bowl its default run (μ = 1.75) grows away and diverges at step 37. Per the lecture it is a method for
    // (nearly) separable losses, so its contract is checked on the axis-aligned bowl of the same eigenvalues.
    const A = id === 'quickprop' ? [[1.16, 0], [0, 0.34]] : [[1, 0.3], [0.3, 0.5]];
    const problem = quadraticForm(A, [0.4, -0.7]);
    const start = [2.3, 1.1];
    const { trajectory: t, status } = run(problem, id, start, 500, {}, DEFAULT_GLOBALS);
    expect(status.kind).not.toBe('diverged');
    expect(status.kind).not.toBe('stopped');
    expect(t.loss[t.length - 1]!).toBeLessThan(1e-3 * t.loss[0]!);
  });

  it('refuses prototype names as its id in a run', () => {
    for (const optimizer of ['constructor', '__proto__', 'toString', `${id} `, id.toUpperCase()]) {
      expect(runProblem({ optimizer, settings: {} })).toBe(`"${optimizer}" is not an optimizer`);
      expect(() => getOptimizer(optimizer)).toThrow(/^engine: /);
    }
  });
});

describe('runProblem', () => {
  it('says "gamma does not apply to gd" and "decay does not apply to rprop", as the issue writes them', () => {
    expect(runProblem({ optimizer: 'gd', settings: { gamma: 0.5 } })).toBe('gamma does not apply to gd');
    expect(runProblem({ optimizer: 'rprop', settings: { decay: 'inv' } })).toBe('decay does not apply to rprop');
    expect(runProblem({ optimizer: 'rprop', settings: { eta: 0.1 } })).toBe('eta does not apply to rprop');
  });

  it('names the setting and its bound: "up must be greater than 1", "down must be between 0 and 1 (exclusive)"', () => {
    expect(runProblem({ optimizer: 'rprop', settings: { up: 1 } })).toBe('up must be greater than 1 and at most 10');
    expect(runProblem({ optimizer: 'rprop', settings: { down: 1 } })).toBe('down must be between 0 and 1 (exclusive)');
    expect(runProblem({ optimizer: 'gd', settings: { decay: 'step', patience: 0 } })).toBe('patience must be an integer from 1 to 100000');
  });

  it('refuses an rprop run whose Δmin is above its Δmax', () => {
    expect(runProblem({ optimizer: 'rprop', settings: { min: 0.5, max: 0.1 } })).toBe('min must be at most max');
    expect(runProblem({ optimizer: 'rprop', settings: { min: 0.1, max: 0.1 } })).toBeNull();
  });

  it('accepts the example link of the issue, run by run', () => {
    const runs: RunSpec[] = [
      { optimizer: 'gd', settings: { eta: 0.5 } },
      { optimizer: 'gd', settings: {} },
      { optimizer: 'gd', settings: { eta: 4 } },
      { optimizer: 'momentum', settings: { gamma: 0.5 } },
      { optimizer: 'rprop', settings: { step: 0.05, max: 1 } },
      { optimizer: 'gd', settings: { decay: 'exp', beta: 0.005, clip: 1 } },
    ];
    for (const r of runs) expect(runProblem(r), JSON.stringify(r)).toBeNull();
  });

  it('gives Newton η = 1 by default whatever the global η, and its own η when set', () => {
    expect(runSettings({ optimizer: 'newton', settings: {} }, { eta: 0.01, gamma: 0.9 }).eta).toBe(1);
    expect(runSettings({ optimizer: 'newton', settings: { eta: 0.5 } }, { eta: 0.01, gamma: 0.9 }).eta).toBe(0.5);
    expect(runSettings({ optimizer: 'gd', settings: {} }, { eta: 0.01, gamma: 0.9 }).eta).toBe(0.01);
    expect(runSettings({ optimizer: 'quickprop', settings: {} }, { eta: 0.01, gamma: 0.9 }).eta).toBe(0.01);
  });
});

describe('formatRun and runLabel', () => {
  it('write a run as the link does, settings in declaration order, and a bare id without settings', () => {
    expect(formatRun({ optimizer: 'gd', settings: {} })).toBe('gd');
    expect(formatRun({ optimizer: 'gd', settings: { clip: 1, eta: 0.5 } })).toBe('gd(eta:0.5;clip:1)');
    expect(formatRun({ optimizer: 'gd', settings: { clip: 1, beta: 0.005, decay: 'exp' } })).toBe('gd(decay:exp;beta:0.005;clip:1)');
    expect(formatRun({ optimizer: 'rprop', settings: { max: 1, step: 0.05 } })).toBe('rprop(step:0.05;max:1)');
  });

  it('label a run by its name plus what it sets: "Momentum γ = 0.5, clip 1"', () => {
    expect(runLabel({ optimizer: 'momentum', settings: { gamma: 0.5, clip: 1 } })).toBe('Momentum γ = 0.5, clip 1');
    expect(runLabel({ optimizer: 'momentum', settings: {} })).toBe('Momentum');
    expect(runLabel({ optimizer: 'rprop', settings: { step: 0.05 } })).toBe('Rprop Δ₀ = 0.05');
  });
});
