import { percentDecode } from './percent';

/**
 * The checksum that ends every link from schema v=2 on: `…&c=XXXXXXXX`, 8 lowercase hex digits of the
 * 32-bit FNV-1a hash of the UTF-8 bytes of everything before `&c=` (the '#' excluded), after
 * %-decoding that text when it decodes (so a chat app that writes ':' as %3A does not break a link).
 * A link cut anywhere loses `c` or part of it, so a cut link is told from a whole one. Later versions
 * keep this rule, so an older Downhill can still tell.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over the UTF-8 encoding of s (a lone surrogate counts as U+FFFD, as TextEncoder does). */
export function fnv1a(s: string): number {
  let h = FNV_OFFSET;
  const byte = (b: number) => {
    h = Math.imul(h ^ b, FNV_PRIME);
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    }
    if (c < 0x80) byte(c);
    else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 63));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 63));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    }
  }
  return h >>> 0;
}

/** The value of `c` for a link whose text before `&c=` is `body`. */
export function checksum(body: string): string {
  return fnv1a(percentDecode(body) ?? body).toString(16).padStart(8, '0');
}

/** `body` with its checksum appended as the last key. */
export function sign(body: string): string {
  return `${body}&c=${checksum(body)}`;
}
