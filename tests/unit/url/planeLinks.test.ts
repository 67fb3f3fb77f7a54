import { describe, expect, it } from 'vitest';
import { PLANE_PROBLEMS, planeDefaults } from '../../../src/engine/problems/plane/registry';
import type { Experiment } from '../../../src/protocol/experiment';
import { decodeAny, defaultSharedOf, encode } from '../../../src/url/codec';
import { editField } from '../../../src/url/edit';

const plane = (frag: string) => {
  const r = decodeAny(frag);
  if (r.shared.experiment.problem === 'mlp') throw new Error('expected a plane problem');
  return { experiment: r.shared.experiment as Experiment, notices: r.notices, shared: r.shared };
};

describe('links of the plane problems', () => {
  it.each(PLANE_PROBLEMS.map((m) => [m.id, m] as const))('problem=%s alone opens with the surface\'s defaults and no notice', (id, m) => {
    const { experiment: e, notices } = plane(`problem=${id}`);
    expect(notices).toEqual([]);
    expect(e.problem).toBe(id);
    expect(e.surface).toEqual(planeDefaults(m));
    expect(e.start).toEqual([...m.defaults.start]);
    expect(e.range).toEqual([...m.defaults.range]);
    expect([e.eta, e.gamma, e.steps]).toEqual([m.defaults.eta, m.defaults.gamma, m.defaults.steps]);
    if (m.defaults.runs) expect(e.runs).toEqual(m.defaults.runs);
    // Written and read back unchanged, with every setting right after problem.
    const frag = encode(defaultSharedOf(id));
    const keys = frag.split('&').map((p) => p.slice(0, p.indexOf('=')));
    expect(keys.slice(1, 2 + m.settings.length)).toEqual(['problem', ...m.settings.map((s) => s.key)]);
    expect(decodeAny(frag)).toEqual({ shared: defaultSharedOf(id), notices: [] });
  });

  it('reads the lecture\'s saddle and a rotated bowl', () => {
    const saddle = plane('problem=quadratic&curv=1,-1');
    expect(saddle.notices).toEqual([]);
    expect(saddle.experiment.surface).toEqual({ curv: [1, -1], angle: [0] });
    const rotated = plane('problem=quadratic&curv=2,20&angle=30&eta=0.05');
    expect(rotated.experiment.surface).toEqual({ curv: [2, 20], angle: [30] });
    expect(rotated.experiment.eta).toBe(0.05);
  });

  it('names a bad or foreign surface setting and keeps the defaults for it', () => {
    const short = plane('problem=quadratic&curv=1&angle=400');
    expect(short.experiment.surface).toEqual({ curv: [1, 10], angle: [0] });
    expect(short.notices.map((n) => n.key)).toEqual(['curv', 'angle']);
    expect(short.notices[0]!.message).toContain('curv needs 2 numbers');
    expect(short.notices[1]!.message).toContain('outside [-180, 180]');
    const foreign = plane('problem=rosenbrock&curv=1,2');
    expect(foreign.experiment.surface).toEqual({});
    expect(foreign.notices).toEqual([{ key: 'curv', message: 'curv is only used with problem=quadratic; ignored' }]);
    const twice = plane('problem=quadratic&angle=10&angle=20');
    expect(twice.experiment.surface.angle).toEqual([10]);
    expect(twice.notices.map((n) => n.key)).toEqual(['angle']);
    // Prototype names are unknown keys, not settings.
    expect(plane('problem=quadratic&constructor=1').notices[0]!.message).toContain('unknown key');
  });

  it('gives way to a link\'s own opt list over a surface\'s default runs', () => {
    const e = plane('problem=wells&opt=nesterov').experiment;
    expect(e.runs).toEqual([{ optimizer: 'nesterov', settings: {} }]);
  });

  it('edits a surface setting through the link, refusing a value the link could not hold', () => {
    const start = defaultSharedOf('quadratic');
    const ok = editField(start, { angle: '45' });
    expect(ok.notices).toEqual([]);
    expect((ok.shared.experiment as Experiment).surface).toEqual({ curv: [1, 10], angle: [45] });
    const bad = editField(start, { curv: '1,500' });
    expect(bad.notices.map((n) => n.key)).toEqual(['curv']);
    expect((bad.shared.experiment as Experiment).surface.curv).toEqual([1, 10]);
  });
});
