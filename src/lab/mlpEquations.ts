/**
 * The live equations' numbers in the MLP lab. θ has about a hundred entries, so the rule is not written
 * out with its vectors: each vector of the step (the gradient, the history term, the step term, the whole
 * update) is given by its length ‖·‖ and by its two coordinates on the slice the page shows (the arrows'
 * ends, in the slice's axes), and Rprop's and QuickProp's per-parameter choices are counted. Pure.
 */
import { texNum } from '../engine/optimizers/tex';
import type { StepView } from './stepView';

const norm = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
};

/** A slice axis name inside \text{…} (names like W1[0][1], pc1, d2; TeX specials escaped). */
const axis = (s: string): string => `\\text{${s.replace(/[\\{}$&#%_^~]/g, (c) => `\\${c === '\\' ? 'textbackslash ' : c}`)}}`;

/** The slice's two axes, for a line's coordinates. */
const axes = (labels: readonly [string, string]): string => `(${axis(labels[0])}, ${axis(labels[1])})`;

/** A displacement as ‖v‖ (one line) and its two slice coordinates (the next; the panel is narrow). */
function vec(name: string, full: ArrayLike<number>, onSlice: ArrayLike<number>, labels: readonly [string, string]): string[] {
  return [`\\|${name}\\| = ${texNum(norm(full))}`, `\\quad\\text{on } ${axes(labels)}:\\ (${texNum(onSlice[0]!)}, ${texNum(onSlice[1]!)})`];
}

/** The MLP step's lines (empty for a plane's view). */
export function mlpEquations(view: StepView): string[] {
  if (!view.mlp) return [];
  const { step, labels } = view.mlp;
  const f = step.full;
  const p = f.probe;
  const q = view.trace.probe;
  const k = f.k;
  const n = f.before.length;
  const lines = [`L(\\theta_{${k}}) = ${texNum(f.loss)},\\quad \\eta_{${k}} = ${texNum(p.eta)}`, `\\|\\nabla L(\\theta_{${k}})\\| = ${texNum(norm(f.gradient))}\\ \\ (n = ${n})`];
  const used = p.kind === 'nesterov' ? '\\nabla L(\\text{look-ahead})' : `\\nabla L(\\theta_{${k}})`;
  switch (p.kind) {
    case 'gradient':
      lines.push(...vec(`\\eta_{${k}}\\,\\nabla L`, p.gradStep, q.gradStep, labels));
      break;
    case 'momentum':
    case 'nesterov':
      lines.push(...vec(`\\gamma\\,\\mathrm{update}_{${k - 1}}`, p.history, q.history, labels));
      if (p.kind === 'nesterov') {
        lines.push(`\\text{look-ahead} = \\theta_{${k}} - \\gamma\\,\\mathrm{update}_{${k - 1}}`, `\\quad\\text{at } ${axes(labels)} = (${texNum(q.at[0]!)}, ${texNum(q.at[1]!)})`);
        lines.push(`\\|${used}\\| = ${texNum(norm(p.grad))}`);
      }
      lines.push(...vec(`\\eta_{${k}}\\,${used}`, p.gradStep, q.gradStep, labels));
      break;
    case 'newton':
      lines.push(...vec(`\\eta_{${k}}\\,H^{-1}\\nabla L`, p.gradStep, q.gradStep, labels));
      break;
    case 'rprop': {
      const d = Array.from(p.delta).sort((a, b) => a - b);
      const flips = p.undone.reduce((s, x) => s + x, 0);
      lines.push(`\\Delta_i:\\ \\min ${texNum(d[0]!)},\\ \\text{median } ${texNum(d[Math.floor(d.length / 2)]!)},\\ \\max ${texNum(d[d.length - 1]!)}`);
      lines.push(`\\text{sign flipped, step undone: } ${flips} \\text{ of } ${n}`);
      lines.push(...vec('\\operatorname{sign}(\\partial L)\\cdot\\Delta', p.gradStep, q.gradStep, labels));
      break;
    }
    case 'quickprop': {
      const count = (r: number) => p.rule.reduce((s, x) => s + (x === r ? 1 : 0), 0);
      lines.push(`\\text{secant: } ${count(1)},\\ \\text{gradient step: } ${count(0)},\\ \\mu\\ \\text{limit: } ${count(2)}`);
      lines.push(...vec('\\text{change}', p.gradStep, q.gradStep, labels));
      break;
    }
  }
  if (f.after && view.trace.after) {
    const update = Float64Array.from(f.before, (x, i) => x - f.after![i]!);
    const da = view.trace.before[0]! - view.trace.after[0]!;
    const db = view.trace.before[1]! - view.trace.after[1]!;
    lines.push(...vec(`\\mathrm{update}_{${k}} = \\theta_{${k}} - \\theta_{${k + 1}}`, update, [da, db], labels));
    lines.push(`L(\\theta_{${k + 1}}) = ${texNum(f.nextLoss ?? NaN)}`);
    lines.push(`\\theta_{${k}} \\mapsto (${texNum(view.trace.before[0]!)}, ${texNum(view.trace.before[1]!)})`, `\\theta_{${k + 1}} \\mapsto (${texNum(view.trace.after[0]!)}, ${texNum(view.trace.after[1]!)})`);
    lines.push(`\\text{off the plane: } ${texNum(step.offPlane[0])} \\to ${texNum(step.offPlane[1])}`);
  } else lines.push(`\\theta_{${k + 1}}:\\ \\text{(the run ended here)}`);
  return lines;
}
