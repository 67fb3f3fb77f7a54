import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { colorBarLabels, lossText } from '../../../src/views/colorBar';
import { lossScale } from '../../../src/views/colors';

describe('colour bar labels', () => {
  it('on a saddle (−12.06 … 12.3) writes enough digits that each label sits where its text says, in order, none twice', () => {
    const labels = colorBarLabels(-12.06, 12.3);
    expect(labels.map((l) => l.text)).toEqual(['-12.06', '-11.84', '-9.65', '12.3']);
  });

  it('keeps the two-digit texts of an ordinary loss surface', () => {
    expect(colorBarLabels(3e-5, 0.7).map((l) => l.text)).toEqual(['3.0e-5', '0.0063', '0.069', '0.7']);
  });

  it('for any window of losses: texts distinct, values increasing up the bar, each text within the scale\'s resolution of its value or at 6 digits', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e7, noNaN: true }), (min, span) => {
        const max = min + span;
        fc.pre(max > min);
        const labels = colorBarLabels(min, max);
        const scale = lossScale(min, max);
        expect(new Set(labels.map((l) => l.text)).size).toBe(labels.length);
        for (let k = 1; k < labels.length; k++) expect(scale(labels[k]!.value)).toBeGreaterThan(scale(labels[k - 1]!.value));
        for (const l of labels) expect(Math.abs(Number(l.text) - l.value) <= span / 1000 || l.text === lossText(l.value, 6)).toBe(true);
      }),
    );
  });
});
