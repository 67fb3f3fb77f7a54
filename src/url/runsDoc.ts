/**
 * The README's table of optimizers and their settings, generated from the registry (so it cannot drift:
 * tests/unit/url/readme.test.ts checks the README holds exactly this text). Print it with
 * `npm run -s docs:runs`.
 */
import { OPTIMIZERS } from '../engine/optimizers';
import { rangeText, type SettingSpec } from '../engine/optimizers/settings';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function settingText(s: SettingSpec): string {
  if (s.kind === 'choice') return `\`${s.key}\` ${s.label}: one of ${s.options.join(', ')} (default ${s.default})`;
  const dflt = s.global ? `the link's ${s.global}` : Number.isFinite(s.default) ? String(s.default) : 'none';
  const when = s.when ? `, only with ${s.when.key}:${s.when.value}` : '';
  return `\`${s.key}\` ${s.label}: ${rangeText(s)} (default ${dflt}${when})`;
}

/** The markdown table: one row per registered optimizer with its update rule and every setting. */
export function runsTable(): string {
  const rows = OPTIMIZERS.map((m) => `| ${m.id} | ${cell(m.name)} | ${cell(m.rule)} | ${m.settings.map((s) => cell(settingText(s))).join('<br>')} |`);
  return ['| id | optimizer | update rule | settings |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
