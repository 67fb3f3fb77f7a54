import { describe, expect, it } from 'vitest';
import { defaultShared } from '../../../src/url/codec';
import { guessTableReader } from '../../../src/views/guess/guessTable';

/**
 * The guess table's selector keeps its rows while only η, γ or the start change (the losses depend on the
 * surface and the data alone), so the table does not re-render on every slider move; new data gives new rows.
 */
describe('guessTableReader', () => {
  const e = defaultShared().experiment;
  const guesses: [number, number][] = [[0.5, 0], [1, -1]];

  it('keeps the same rows for a new η, γ or start, and recomputes them for new data', () => {
    const read = guessTableReader();
    const st = { experiment: e, guesses };
    const rows = read(st);
    expect(rows.map((r) => [r.w, r.b])).toEqual(guesses);
    expect(read({ ...st, experiment: { ...e, eta: e.eta * 3, gamma: 0.5, start: [1, 1] } })).toBe(rows);
    const moved = read({ ...st, experiment: { ...e, data: [{ x: 0.5, y: 0.7 }, { x: 2.5, y: 0.1 }] } });
    expect(moved).not.toBe(rows);
    expect(moved[0]!.loss).not.toBeCloseTo(rows[0]!.loss, 6);
  });

  it('returns one empty list while there are no guesses, whatever the experiment', () => {
    const read = guessTableReader();
    const a = read({ experiment: e, guesses: [] });
    expect(a).toHaveLength(0);
    expect(read({ experiment: { ...e, eta: 2 }, guesses: [] })).toBe(a);
  });
});
