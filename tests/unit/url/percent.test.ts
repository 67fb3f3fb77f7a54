import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentDecode } from '../../../src/url/percent';

function reference(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

const hex = (b: number) => b.toString(16).padStart(2, '0');
/** Text dense in escapes: any byte (either case), broken escapes, UTF-8 of any code point, raw text. */
const escapes = fc.string({
  unit: fc.oneof(
    fc.nat(255).map((b) => `%${hex(b)}`),
    fc.nat(255).map((b) => `%${hex(b).toUpperCase()}`),
    fc.integer({ min: 0, max: 0x10ffff }).map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(String.fromCodePoint(cp)))),
    fc.constantFrom('%', '%%', '%g0', '%0', '%C0%80', '%E0%80%80', '%F4%90%80%80', '%F8%88%80%80%80', '%C3', '%C3%28', '\ud800', 'a', '+', ' '),
  ),
  maxLength: 12,
});

describe('percentDecode', () => {
  it('agrees with decodeURIComponent, null where it throws', () => {
    fc.assert(
      fc.property(fc.oneof(escapes, fc.string({ unit: 'binary' })), (s) => {
        expect(percentDecode(s)).toBe(reference(s));
      }),
      { numRuns: 20_000 },
    );
  }, 30_000);

  it('rejects the classic broken forms', () => {
    for (const s of ['%', '%Z1', '%1', '%C0%80', '%ED%A0%80', '%F4%90%80%80', '%80', '%C3', '%C3a', '%E2%82']) expect(percentDecode(s)).toBeNull();
    expect(percentDecode('%F0%9F%98%80x%41')).toBe('😀xA');
  });
});
