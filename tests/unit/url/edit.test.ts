import { describe, expect, it } from 'vitest';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { createAppStore } from '../../../src/state/store';
import { decodeAny, defaultShared } from '../../../src/url/codec';
import { createEditor, editField } from '../../../src/url/edit';

const mlpStore = (link = 'problem=mlp&dataset=xor&size=50') => createAppStore(decodeAny(link).shared);
const mlpOf = (e: unknown) => e as MlpExperiment;

describe('editField', () => {
  it('reads an edit exactly as a link with that value would be read', () => {
    const shared = decodeAny('problem=mlp&dataset=xor').shared;
    const r = editField(shared, { arch: '2-4-1', act: 'relu' });
    expect(r.notices).toEqual([]);
    expect(r.shared.experiment).toMatchObject({ layers: [2, 4, 1], activation: 'relu', dataset: 'xor' });
    // A cross-key repair comes with the same notice a link gets.
    const sine = editField(shared, { dataset: 'sine' });
    expect(sine.shared.experiment).toMatchObject({ dataset: 'sine', layers: [1, 8, 8, 1] });
    expect(sine.notices.map((n) => n.key)).toEqual(['arch']);
  });
});

describe('createEditor', () => {
  it('applies an accepted edit as one experiment change with no notice', () => {
    const store = mlpStore();
    const runs: unknown[] = [];
    store.subscribe((s, p) => s.experiment !== p.experiment && runs.push(s.experiment));
    createEditor(store).edit({ arch: '2-6-6-1', noise: '0.3' });
    expect(runs).toHaveLength(1);
    expect(store.getState().experiment).toMatchObject({ layers: [2, 6, 6, 1], noise: 0.3 });
    expect(store.getState().notices).toEqual([]);
  });

  it('keeps the previous value of a refused edit and says which field and why', () => {
    const store = mlpStore();
    const before = store.getState().experiment;
    createEditor(store).edit({ arch: '2-99-1' });
    expect(store.getState().experiment).toBe(before);
    expect(store.getState().notices).toEqual([{ source: 'input', key: 'arch', message: expect.stringMatching(/^arch: hidden layer 1: .*kept the previous value$/) }]);
    // The next good edit clears that notice.
    createEditor(store).edit({ arch: '2-4-1' });
    expect(store.getState().notices).toEqual([]);
  });

  it('writes point edits through their fields, sorted and rounded as a link keeps them', () => {
    const store = mlpStore();
    createEditor(store).editPoints([7, 2], [[0.5, -0.25, 1]]);
    expect(mlpOf(store.getState().experiment)).toMatchObject({ drop: [2, 7], add: [[0.5, -0.25, 1]] });
    createEditor(store).editPoints([], []);
    expect(mlpOf(store.getState().experiment)).toMatchObject({ drop: [], add: [] });
  });

  it('switches labs and brings back what each showed last', () => {
    const store = createAppStore(defaultShared());
    const editor = createEditor(store);
    store.getState().setStart(1, 2);
    editor.switchLab('mlp');
    expect(store.getState().experiment.problem).toBe('mlp');
    editor.edit({ dataset: 'spiral' });
    editor.switchLab('sigmoid');
    expect(store.getState().experiment).toMatchObject({ problem: 'sigmoid', start: [1, 2] });
    editor.switchLab('mlp');
    expect(store.getState().experiment).toMatchObject({ problem: 'mlp', dataset: 'spiral' });
    expect(store.getState().t).toBe(store.getState().experiment.steps);
  });

  it('a lab returned to shows the playback step, hidden runs and followed run it had; a new one starts at the end, all shown', () => {
    const store = createAppStore(defaultShared());
    const editor = createEditor(store);
    editor.switchLab('mlp');
    const st = () => store.getState();
    st().setT(40);
    st().toggleRun(1);
    st().setTheory(2);
    editor.switchLab('quadratic');
    expect({ t: st().t, off: st().off, theory: st().theory }).toEqual({ t: st().experiment.steps, off: [], theory: 0 });
    st().setTheory(1);
    editor.switchLab('mlp');
    expect({ t: st().t, off: st().off, theory: st().theory }).toEqual({ t: 40, off: [1], theory: 2 });
    editor.switchLab('quadratic');
    expect(st().theory).toBe(1);
  });
});
