/** A value parsed from one URL field, or the reason it was refused. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

/** One URL key: how to read it, how to write it, its default and the bounds the README documents. */
export interface Field<T> {
  readonly doc: string;
  readonly bounds: string;
  readonly fallback: T;
  parse(raw: string): Parsed<T>;
  format(value: T): string;
}

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = <T>(why: string): Parsed<T> => ({ ok: false, why });

// Plain decimal or scientific notation only: no hex, no underscores, no "Infinity", no empty string.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

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

/** Shortens untrusted text quoted in a notice. */
export function clip(raw: string, n = 24): string {
  return raw.length > n ? `${raw.slice(0, n)}…` : raw;
}

/** A number field with inclusive bounds. */
export function numberField(doc: string, fallback: number, min: number, max: number, integer = false): Field<number> {
  return {
    doc,
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
