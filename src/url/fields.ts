/** A value parsed from one URL field, or the reason it was refused. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

/** One URL key: how to read it, how to write it, its default and the bounds the README documents. */
export interface Field<T> {
  readonly doc: string;
  readonly bounds: string;
  readonly fallback: T;
  parse(raw: string): Parsed<T>;
  format(value: T): string;
  /**
   * A key that links write only when it says something (drop and add without edits, runs when opt can
   * say them, off with nothing hidden): true for a value encode leaves out. Absent: always written.
   */
  readonly omit?: (value: T) => boolean;
  /**
   * A list key that keeps what it can (hide): the codec reads with this instead of parse, applies the
   * value unless it is null, and names each problem in one notice. parse stays the strict reading.
   */
  readonly lenient?: (raw: string) => { value: T | null; problems: string[] };
}

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = <T>(why: string): Parsed<T> => ({ ok: false, why });

// Plain decimal or scientific notation only: no hex, no underscores, no "Infinity", no empty string.
// Unambiguous (each digit can match one way only), so a long run of digits fails in linear time;
// `\d+\.?\d*` took 0.3 s to refuse 16 000 digits and an "x".
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one number strictly; -0 becomes 0 so a value always round-trips through String(). */
export function parseNumber(raw: string, min: number, max: number, integer = false): Parsed<number> {
  const s = raw.trim();
  if (!NUMBER.test(s)) return bad(`"${clip(raw)}" is not a number`);
  const x = Number(s);
  if (!Number.isFinite(x)) return bad(`"${clip(raw)}" is not finite`);
  if (integer && !Number.isInteger(x)) return bad(`"${clip(raw)}" is not a whole number`);
  if (x < min || x > max) return bad(`${clip(raw)} is outside [${min}, ${max}]`);
  return ok(x === 0 ? 0 : x);
}

/**
 * Untrusted text made fit to quote in a notice: at most n UTF-16 units (a surrogate pair is not cut),
 * then '…'; control, invisible and bidirectional-override characters and lone surrogates become U+FFFD,
 * so a link cannot reorder, hide or forge the text around the quote, nor send escapes to a terminal
 * (the CLI prints notices). Notices are plain text everywhere; this is not HTML escaping.
 */
export function clip(raw: string, n = 24): string {
  let s = raw.length > n ? raw.slice(0, n) : raw;
  if (s.length < raw.length && isHigh(s.charCodeAt(s.length - 1)) && isLow(raw.charCodeAt(s.length))) s = s.slice(0, -1);
  return s.length < raw.length ? `${sanitize(s)}…` : sanitize(s);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

// C0, DEL and C1 controls, soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width and
// bidi marks, line/paragraph separators, bidi embeddings/overrides/isolates, word joiners, BOM, and
// interlinear annotation characters.
function unsafe(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0xad ||
    c === 0x61c ||
    c === 0x180e ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    c === 0xfeff ||
    (c >= 0xfff9 && c <= 0xfffb)
  );
}

/** Replaces lone surrogates and unsafe characters by U+FFFD (a loop, not a regex: no lookbehind needed). */
export function sanitize(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHigh(c) && isLow(s.charCodeAt(i + 1))) {
      out += s.slice(i, i + 2);
      i++;
    } else if (isHigh(c) || isLow(c) || unsafe(c)) out += '\ufffd';
    else out += s[i];
  }
  return out;
}

/** A number field with its inclusive bounds, which the controls import (bounds live here only). */
export interface NumberField extends Field<number> {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/** A number field with inclusive bounds. */
export function numberField(doc: string, fallback: number, min: number, max: number, integer = false): NumberField {
  return {
    doc,
    min,
    max,
    integer,
    bounds: `${integer ? 'integer ' : ''}${min} to ${max}`,
    fallback,
    parse: (raw) => parseNumber(raw, min, max, integer),
    format: (v) => String(v),
  };
}

/** An enum field; values are looked up in a Map, so "constructor" or "__proto__" are just unknown. */
export function enumField<T extends string>(doc: string, fallback: T, values: readonly T[]): Field<T> {
  const known = new Map<string, T>(values.map((v) => [v, v]));
  return {
    doc,
    bounds: `one of ${values.join(', ')}`,
    fallback,
    parse: (raw) => {
      const v = known.get(raw.trim());
      return v === undefined ? bad(`"${clip(raw)}" is not one of ${values.join(', ')}`) : ok(v);
    },
    format: (v) => v,
  };
}
