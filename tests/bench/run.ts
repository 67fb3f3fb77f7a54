/**
 * `npm run bench`: prints the machine, then every bench module's figures as one table
 * (figure, value, target, ratio against a peer measured in the same run). Always exits 0 on slow
 * figures: a time over its target is marked, never fatal.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchEngine } from './engine';
import { benchMlp } from './mlp';
import { benchMlpPool } from './mlpPool';
import type { BenchRow } from './types';

function machine(): string {
  const cpus = os.cpus();
  return [
    `cpu:  ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} logical cores`,
    `os:   ${os.type()} ${os.release()} ${os.arch()}`,
    `node: ${process.version}`,
  ].join('\n');
}

function num(x: number | undefined): string {
  if (x === undefined) return '';
  return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

function table(rows: readonly BenchRow[]): string {
  const head = ['figure', 'value', 'target', 'ratio', 'note'];
  const body = rows.map((r) => [
    r.name,
    `${num(r.value)} ${r.unit}`,
    r.target === undefined ? '' : `≤ ${num(r.target)} ${r.unit} ${r.value <= r.target ? 'ok' : 'OVER'}`,
    r.ratio === undefined ? '' : `${num(r.ratio)}×`,
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  console.log(machine());
  console.log();
  const rows: BenchRow[] = [...(await benchEngine()), ...(await benchMlp())];

  // ── HOOK: browser bench ────────────────────────────────────────────────────────────────────────
  // tests/bench/browser.ts (added later) exports `async function benchBrowser(): Promise<BenchRow[]>`.
  // It is imported only if the file exists, so this runner works before it is written.
  const browser = new URL('./browser.ts', import.meta.url);
  if (existsSync(fileURLToPath(browser))) {
    try {
      const mod = (await import(browser.href)) as { benchBrowser?: () => Promise<BenchRow[]> };
      if (typeof mod.benchBrowser !== 'function') throw new Error('browser.ts does not export benchBrowser');
      rows.push(...(await mod.benchBrowser()));
    } catch (err) {
      console.error(`bench: browser figures skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // ── end of hook ────────────────────────────────────────────────────────────────────────────────
  try {
    rows.push(...(await benchMlpPool()));
  } catch (err) {
    console.error(`bench: MLP pool figures skipped: ${err instanceof Error ? err.message : String(err)}`);
  }

  console.log(table(rows));
  console.log('\nratio = our value / the peer’s value measured in this run: for times, < 1 means we are faster; for rates (steps/s), > 1 means we are faster. Times never fail the bench.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
