import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultShared, encode } from '../../../src/url/codec';
import { FIELDS, FIELD_KEYS } from '../../../src/url/table';
import { runsTable } from '../../../src/url/runsDoc';
import { PLANE_FIELDS, planeKeyUsers } from '../../../src/url/planeFields';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README URL key table', () => {
  it('documents every key of the URL table with its bounds and default', () => {
    for (const k of FIELD_KEYS) {
      const f = FIELDS[k];
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${k}\` |`));
      expect(row, `README row for ${k}`).toBeDefined();
      expect(row).toContain(f.bounds);
      const shown = (f.format as (v: unknown) => string)(f.fallback);
      // A key written only when it says something (drop, add, runs, off) defaults to nothing: the row says "(none…".
      expect(row).toContain(shown === '' && f.omit ? '(none' : `\`${shown}\``);
    }
  });

  it('documents every surface setting (generated from the plane modules) with its problem, bounds and default', () => {
    for (const f of PLANE_FIELDS) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${f.key}\` |`));
      expect(row, `README row for ${f.key}`).toBeDefined();
      expect(row).toContain(`| ${planeKeyUsers(f.key).join(', ')} |`);
      expect(row).toContain(f.bounds);
      expect(row).toContain(`\`${f.format(f.fallback)}\``);
    }
  });

  it('documents no key the table does not have', () => {
    const keys = [...readme.matchAll(/^\| `([a-z]+)` \|/gm)].map((m) => m[1]);
    expect(keys.sort()).toEqual([...FIELD_KEYS, ...new Set(PLANE_FIELDS.map((f) => f.key))].sort());
  });
});

describe('README optimizer table', () => {
  it('is the table the registry generates', () => {
    const between = readme.split('<!-- runs:start -->\n')[1]?.split('\n<!-- runs:end -->')[0];
    expect(between).toBe(runsTable());
  });
});

describe('README share link example', () => {
  it('is the link the app writes for the lecture run, checksum included', () => {
    expect(readme).toContain(`\n#${encode(defaultShared())}\n`);
  });
});
