import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyShared, Shared } from '../../../src/protocol/experiment';
import { decode, decodeAny, INCOMPLETE } from '../../../src/url/codec';
import { runsOfOpt } from '../../../src/url/runsField';

/**
 * A recorded state in today's shape. Records made before runs existed hold `opt` (the optimizers shown):
 * it means one plain run per optimizer, in that order, which is what `runs` must then hold.
 */
function current<T extends { experiment: object }>(recorded: T): T {
  const { opt, ...rest } = recorded.experiment as { opt?: string[] };
  return { ...recorded, experiment: opt ? { ...rest, runs: runsOfOpt(opt) } : rest };
}

interface Golden {
  readonly about: string;
  readonly link: string;
  readonly notices: readonly string[];
  readonly shared: Shared;
}

/**
 * Links people have shared, frozen with what they decode to: the experiment and the keys of the notices.
 * These expectations never change; a new schema version must still read every one of them this way.
 * (Notice wording may improve; the keys, and the "incomplete" verdict on cut links, may not.)
 */
const GOLDEN = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as Golden[];

describe('golden links', () => {
  it('are a set of about 20 different links', () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(20);
    expect(new Set(GOLDEN.map((g) => g.link)).size).toBe(GOLDEN.length);
  });

  it.each(GOLDEN.map((g) => [g.about, g] as const))('%s decodes as recorded', (_, g) => {
    const { shared, notices } = decode(g.link);
    // Every recorded field keeps its value; a field added to the state later may only add to it.
    expect(shared).toMatchObject(current(g.shared));
    expect(notices.map((n) => n.key)).toEqual(g.notices);
    const link = notices.find((n) => n.key === 'link');
    if (/\bcut\b|edited|after its checksum/.test(g.about)) expect(link?.message).toContain(INCOMPLETE);
    else expect(link).toBeUndefined();
  });
});

interface GoldenMlp {
  readonly about: string;
  readonly link: string;
  /** Notice keys of decodeAny (the command line's reading). */
  readonly notices: readonly string[];
  /** Notice keys of decode (the app's reading, which shows the sigmoid lab for an MLP link). */
  readonly appNotices: readonly string[];
  readonly shared: AnyShared;
}

/** MLP links, frozen the same way: what decodeAny reads, and which notices the app gives. */
const GOLDEN_MLP = JSON.parse(readFileSync(new URL('./golden-mlp.json', import.meta.url), 'utf8')) as GoldenMlp[];

describe('golden MLP links', () => {
  it.each(GOLDEN_MLP.map((g) => [g.about, g] as const))('%s decodes as recorded', (_, g) => {
    const { shared, notices } = decodeAny(g.link);
    expect(shared).toMatchObject(current(g.shared));
    expect(notices.map((n) => n.key)).toEqual(g.notices);
    expect(decode(g.link).notices.map((n) => n.key)).toEqual(g.appNotices);
    const link = notices.find((n) => n.key === 'link');
    if (/\bcut\b/.test(g.about)) expect(link?.message).toContain(INCOMPLETE);
    else expect(link).toBeUndefined();
  });
});
