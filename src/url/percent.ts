/**
 * decodeURIComponent without exceptions: the same result, or null where it would throw URIError
 * (a '%' without two hex digits after it, or %-escapes that are not strict UTF-8: stray continuation
 * bytes, overlong forms, surrogates, code points past U+10FFFF, a sequence cut short). A link can hold
 * thousands of broken escapes, and a thrown error costs microseconds each; this costs nothing extra.
 * Unescaped text, lone surrogates included, passes through as is.
 */
export function percentDecode(s: string): string | null {
  let i = s.indexOf('%');
  if (i < 0) return s;
  let out = s.slice(0, i);
  while (i < s.length) {
    if (s.charCodeAt(i) !== 0x25) {
      const next = s.indexOf('%', i);
      const end = next < 0 ? s.length : next;
      out += s.slice(i, end);
      i = end;
      continue;
    }
    const b = byteAt(s, i);
    if (b < 0) return null;
    i += 3;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      continue;
    }
    let more: number;
    let cp: number;
    let min: number;
    if (b >= 0xc0 && b <= 0xdf) [more, cp, min] = [1, b & 0x1f, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [more, cp, min] = [2, b & 0x0f, 0x800];
    else if (b >= 0xf0 && b <= 0xf7) [more, cp, min] = [3, b & 0x07, 0x10000];
    else return null;
    for (; more > 0; more--) {
      const c = s.charCodeAt(i) === 0x25 ? byteAt(s, i) : -1;
      if (c < 0 || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
      i += 3;
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
  }
  return out;
}

/** The byte of the escape "%XX" at s[i], or -1. */
function byteAt(s: string, i: number): number {
  const hi = hexDigit(s.charCodeAt(i + 1));
  const lo = hexDigit(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}
