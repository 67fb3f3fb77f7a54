import type { ReactNode } from 'react';

/**
 * An optimizer's update rule as its module writes it (plain text with TeX-style subscripts, as the README
 * table prints it), set with real subscripts: `θ_{t+1}` → θ<sub>t+1</sub>, `g_t` → g<sub>t</sub>. A
 * subscript is a braced group or one letter, digit or sign after `_`; nothing else in the text changes.
 */
export function ruleParts(rule: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /_(?:\{([^{}]*)\}|([\p{L}\p{N}]))/gu;
  let last = 0;
  for (const m of rule.matchAll(re)) {
    if (m.index > last) out.push(rule.slice(last, m.index));
    out.push(<sub key={m.index}>{m[1] ?? m[2]}</sub>);
    last = m.index + m[0].length;
  }
  if (last < rule.length) out.push(rule.slice(last));
  return out;
}

export function RuleText({ rule }: { rule: string }) {
  return <p className="rule">{ruleParts(rule)}</p>;
}
