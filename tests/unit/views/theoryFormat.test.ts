import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { staggered } from '../../../src/views/controls/Slider';
import { theoryNumber } from '../../../src/views/theory/theoryFormat';

describe('theoryNumber', () => {
  it('writes four significant digits, exponents outside [10⁻³, 10⁵), true minus signs', () => {
    expect(theoryNumber(0.18181818)).toBe('0.1818');
    expect(theoryNumber(2)).toBe('2');
    expect(theoryNumber(-2.5e-17)).toBe('−2.5e−17');
    expect(theoryNumber(123456)).toBe('1.23e5');
    expect(theoryNumber(0)).toBe('0');
    expect(theoryNumber(Infinity)).toBe('∞');
    expect(theoryNumber(NaN)).toBe('NaN');
  });

  it('reads back within its rounding for any finite number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (x) => {
        const back = Number(theoryNumber(x).replace(/−/g, '-'));
        expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.abs(x) * 6e-3);
      }),
    );
  });
});

describe('staggered slider marks', () => {
  it('puts a mark close to the one before it on a second row, in track order', () => {
    const m = (at: number, kind: string) => ({ at, kind, label: kind, title: kind });
    expect(staggered([m(0.5, 'b'), m(0.45, 'a')]).map((x) => [x.kind, x.row])).toEqual([['a', 0], ['b', 1]]);
    expect(staggered([m(0.1, 'a'), m(0.6, 'b')]).map((x) => x.row)).toEqual([0, 0]);
    expect(staggered([m(0.1, 'a'), m(0.15, 'b'), m(0.2, 'c')]).map((x) => x.row)).toEqual([0, 1, 0]);
  });
});
