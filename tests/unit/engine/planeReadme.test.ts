import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { surfacesTable } from '../../../src/engine/problems/plane/doc';
import { PLANE_PROBLEMS } from '../../../src/engine/problems/plane/registry';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README surfaces table', () => {
  it('is the table the plane-problem registry generates (npm run -s docs:surfaces)', () => {
    const between = readme.split('<!-- surfaces:start -->\n')[1]?.split('\n<!-- surfaces:end -->')[0];
    expect(between).toBe(surfacesTable());
  });

  it('has one row per registered surface, with its formula and every setting key', () => {
    const table = surfacesTable();
    for (const m of PLANE_PROBLEMS) {
      const row = table.split('\n').find((l) => l.startsWith(`| ${m.id} |`));
      expect(row, m.id).toBeDefined();
      expect(row).toContain(m.formula);
      for (const s of m.settings) expect(row).toContain(`\`${s.key}\``);
    }
  });
});
