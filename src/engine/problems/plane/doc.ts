/**
 * The README's table of plane problems (surfaces over θ = (w, b)), generated from the registry so it
 * cannot drift: tests/unit/engine/planeReadme.test.ts checks the README holds exactly this text between
 * its `<!-- surfaces:start -->` and `<!-- surfaces:end -->` markers. Print it with `npm run -s docs:surfaces`.
 */
import { formatRun } from '../../optimizers/runs';
import { LECTURE_DATA } from '../sigmoidNeuron';
import { planeDefaults, type PlanePoint, type PlaneProblemModule, type PlaneSetting } from './module';
import { PLANE_PROBLEMS } from './registry';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** A number as the README writes it: at most 6 decimals, no trailing zeros, "−" for minus. */
export function num(x: number): string {
  const r = Math.round(x * 1e6) / 1e6;
  const s = String(Object.is(r, -0) ? 0 : r);
  return s.replace('-', '−');
}

const list = (xs: readonly number[]) => xs.map(num).join(', ');

function settingText(s: PlaneSetting): string {
  const count = s.count === 1 ? '' : `${s.count} numbers, each `;
  const unit = s.unit ?? '';
  return `\`${s.key}\` ${s.label}: ${count}from ${num(s.min)}${unit} to ${num(s.max)}${unit} (default \`${s.default.join(',')}\`)`;
}

function pointText(p: PlanePoint): string {
  return `${p.kind} (${num(p.w)}, ${num(p.b)}), L = ${num(p.loss)}`;
}

function defaultsText(m: PlaneProblemModule): string {
  const d = m.defaults;
  const runs = d.runs ? d.runs.map(formatRun).join(', ') : 'gd, momentum, nesterov';
  return `start (${list(d.start)}), window w ∈ [${list(d.range.slice(0, 2))}], b ∈ [${list(d.range.slice(2))}]; η = ${num(d.eta)}, γ = ${num(d.gamma)}, ${d.steps} steps; runs ${runs}`;
}

/** The markdown table: one row per registered plane problem (the sigmoid neuron's points on the lecture's data). */
export function surfacesTable(): string {
  const rows = PLANE_PROBLEMS.map((m: PlaneProblemModule) => {
    const points = m.points(planeDefaults(m), m.usesData ? LECTURE_DATA : []);
    const pts = points.map(pointText).join('<br>') + (m.usesData ? ' (on the lecture\'s data)' : '');
    const settings = m.settings.length ? m.settings.map(settingText).join('<br>') : (m.usesData ? '`data` (the data points)' : 'none');
    return `| ${m.id} | ${cell(m.name)} | ${cell(m.formula)} | ${cell(settings)} | ${cell(defaultsText(m))} | ${cell(pts)} |`;
  });
  return ['| id | surface | loss | settings | defaults | known points |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
