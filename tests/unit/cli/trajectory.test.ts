import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { linkFragment, runCli } from '../../../src/cli/runCli';
import { runsOfOpt } from '../../../src/url/runsField';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { runToEnd } from '../../../src/engine/run';
import { decode, defaultShared, encode } from '../../../src/url/codec';

const HEADER = 'run,optimizer,step,w,b,loss';
const OPTIMIZER_IDS = ['gd', 'momentum', 'nesterov'];
/** Momentum with γ = 0.99 coasts past |w| = 1e6 once a huge first step saturates the sigmoid. */
const DIVERGING = 'data=20:2,20:2&start=0,0&eta=1000&gamma=0.99&steps=1000';

function rows(stdout: string): string[][] {
  return stdout.trimEnd().split('\n').slice(1).map((l) => l.split(','));
}

describe('runCli (csv)', () => {
  it('keeps two identical runs apart by their position, and runs each with its own settings', () => {
    const r = runCli(['#steps=3&runs=gd,gd,gd(eta:0.5)']);
    expect(r.code).toBe(0);
    const rs = rows(r.stdout);
    expect([...new Set(rs.map((c) => c[0]))]).toEqual(['1', '2', '3']);
    const at = (run: string, k: number) => rs.find((c) => c[0] === run && c[2] === String(k))!.slice(3);
    expect(at('1', 3)).toEqual(at('2', 3));
    expect(at('3', 3)).not.toEqual(at('1', 3));
  });

  it('prints the header and steps + 1 rows per run, in the order of the link, numbered from 1', () => {
    const r = runCli(['#steps=7&opt=nesterov,gd']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(HEADER);
    const rs = rows(r.stdout);
    expect(rs).toHaveLength(2 * 8);
    expect(rs.slice(0, 8).map((c) => c.slice(0, 2).join(','))).toEqual(Array(8).fill('1,nesterov'));
    expect(rs.slice(8).map((c) => c.slice(0, 2).join(','))).toEqual(Array(8).fill('2,gd'));
    expect(rs.slice(0, 8).map((c) => Number(c[2]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('runs all three optimizers for the default 1000 steps when the link has no keys', () => {
    const r = runCli(['']);
    expect(r.code).toBe(0);
    const rs = rows(r.stdout);
    expect(rs).toHaveLength(3 * 1001);
    expect([...new Set(rs.map((c) => c[1]))]).toEqual([...OPTIMIZER_IDS]);
  });

  it('starts every optimizer at the link’s start point', () => {
    const r = runCli(['start=1.5,-0.25&steps=3']);
    const starts = rows(r.stdout).filter((c) => c[2] === '0');
    expect(starts).toHaveLength(3);
    for (const c of starts) expect([c[3], c[4]]).toEqual(['1.5', '-0.25']);
  });

  it('prints numbers that parse back to exactly the float64s the engine computes', () => {
    const r = runCli(['#eta=0.7&gamma=0.8&steps=50&start=-3,4&data=0.5:0.2,2.5:0.9,-1:0.1']);
    const problem = createSigmoidNeuron([...LECTURE_DATA, { x: -1, y: 0.1 }]);
    const byOpt = new Map<string, string[][]>();
    for (const c of rows(r.stdout)) byOpt.set(c[1]!, [...(byOpt.get(c[1]!) ?? []), c]);
    for (const id of OPTIMIZER_IDS) {
      const { trajectory: t } = runToEnd({ problem, run: { optimizer: id, settings: {} }, globals: { eta: 0.7, gamma: 0.8 }, start: [-3, 4], steps: 50 });
      const got = byOpt.get(id)!;
      expect(got).toHaveLength(t.length);
      got.forEach((c, k) => {
        expect(Number(c[3])).toBe(t.params[2 * k]);
        expect(Number(c[4])).toBe(t.params[2 * k + 1]);
        expect(Number(c[5])).toBe(t.loss[k]);
      });
    }
  });

  it('reads a full URL, a #fragment and a bare fragment alike', () => {
    const frag = 'steps=4&opt=momentum';
    const a = runCli([`https://example.org/downhill/?x=1#${frag}`]);
    const b = runCli([`#${frag}`]);
    const c = runCli([frag]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(b.stdout).toBe(c.stdout);
    expect(linkFragment('https://example.org/downhill/')).toBe('');
  });
});

describe('runCli (json)', () => {
  it('prints runs with position, text, every setting, status and steps that match the csv', () => {
    const link = '#steps=5&runs=gd,momentum(gamma:0.5;clip:2)&eta=0.3';
    const j = runCli([link, '--format', 'json']);
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.stdout) as {
      runs: { run: number; text: string; optimizer: string; settings: Record<string, unknown>; status: { kind: string }; steps: { step: number; w: number; b: number; loss: number }[] }[];
    };
    expect(parsed.runs.map((x) => [x.run, x.text, x.optimizer])).toEqual([
      [1, 'gd', 'gd'],
      [2, 'momentum(gamma:0.5;clip:2)', 'momentum'],
    ]);
    // Defaults filled in: η from the link, no schedule, no clipping ("none").
    expect(parsed.runs[0]!.settings).toEqual({ eta: 0.3, decay: 'none', beta: 0.01, drop: 0.1, patience: 50, clip: 'none' });
    expect(parsed.runs[1]!.settings).toMatchObject({ eta: 0.3, gamma: 0.5, clip: 2 });
    expect(parsed.runs[0]!.status.kind).toBe('finished');
    const fromJson = parsed.runs.flatMap((x) => x.steps.map((s) => [x.run, x.optimizer, s.step, s.w, s.b, s.loss].join(',')));
    expect(fromJson).toEqual(runCli([link]).stdout.trimEnd().split('\n').slice(1));
    expect(runCli([link, '--format=json']).stdout).toBe(j.stdout);
  });
});

describe('runCli refuses what the app would repair', () => {
  it.each([
    ['eta=abc', 'eta'],
    ['opt=constructor', 'opt'],
    ['opt=gd,__proto__', 'opt'],
    ['runs=gd,rprop(up:1)', 'runs'],
    ['runs=gd(gamma:0.5)', 'runs'],
    ['runs=constructor', 'runs'],
    ['eta=1e400', 'eta'],
    ['steps=0', 'steps'],
    ['start=1', 'start'],
    ['mystery=1', 'mystery'],
    ['steps=10&t=20', 't'],
  ])('%s exits with code 2 and names %s on stderr', (frag, key) => {
    const r = runCli([`#${frag}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`"${key}"`);
  });

  it('accepts the links the app writes (v=2 with checksum) and refuses a cut one as incomplete', () => {
    const d = defaultShared();
    const link = encode({ experiment: { ...d.experiment, steps: 3, runs: runsOfOpt(['gd']) }, view: { ...d.view, t: 3 } });
    expect(decode(link).notices).toEqual([]);
    const whole = runCli([`https://example.org/downhill/#${link}`]);
    expect(whole.code).toBe(0);
    expect(rows(whole.stdout)).toHaveLength(4);
    const cut = runCli([`https://example.org/downhill/#${link.slice(0, -4)}`]);
    expect(cut.code).toBe(2);
    expect(cut.stdout).toBe('');
    expect(cut.stderr).toContain('invalid field "link": this link is incomplete');
  });

  it('prints one line per bad field', () => {
    const r = runCli(['eta=abc&gamma=7']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"eta"/);
    expect(r.stderr).toMatch(/"gamma"/);
  });

  it.each([[[]], [['--bogus', '#steps=2']], [['#a', '#b']], [['#steps=2', '--format']], [['#steps=2', '--format', 'xml']]])(
    'exits with code 2 and usage for arguments %j',
    (argv) => {
      const r = runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('usage:');
    },
  );
});

describe('runCli and divergence', () => {
  it('ends a diverged run at its last finite row and notes it on stderr', () => {
    const r = runCli([`#${DIVERGING}&opt=gd,momentum`]);
    expect(r.code).toBe(0);
    const rs = rows(r.stdout);
    const momentum = rs.filter((c) => c[1] === 'momentum');
    const gd = rs.filter((c) => c[1] === 'gd');
    expect(gd).toHaveLength(1001);
    const m = /^run 2 momentum: diverged at step (\d+) \(params-exploded\)$/m.exec(r.stderr);
    expect(m).not.toBeNull();
    const k = Number(m![1]);
    expect(momentum).toHaveLength(k);
    for (const c of momentum) for (const v of c.slice(3)) expect(Number.isFinite(Number(v))).toBe(true);
    expect(r.stderr).not.toMatch(/^run 1 gd:/m);
  });

  it('reports the diverged status in json', () => {
    const r = runCli([`#${DIVERGING}&opt=momentum`, '--format', 'json']);
    const run = (JSON.parse(r.stdout) as { runs: { status: { kind: string; step: number; reason: string }; steps: unknown[] }[] }).runs[0]!;
    expect(run.status).toMatchObject({ kind: 'diverged', reason: 'params-exploded' });
    expect(run.steps).toHaveLength(run.status.step);
  });

  it('prints no note for converging runs', () => {
    expect(runCli(['#steps=1000']).stderr).toBe('');
  });

  it("notes Newton's indefinite Hessian and its singular stop, and says plateau (not converged) for the issue's links", () => {
    const r = runCli(['#runs=newton', '--format', 'json']);
    expect(r.stderr).toMatch(/^run 1 newton: stopped at step \d+ \(hessian-singular\)$/m);
    expect(r.stderr).toMatch(/^run 1 newton: Hessian not positive definite from step 0$/m);
    const kinds = (link: string) => (JSON.parse(runCli([link, '--format', 'json']).stdout) as { runs: { status: { kind: string } }[] }).runs.map((x) => x.status.kind);
    expect(kinds('#eta=19.1')).toEqual(['converged', 'plateau', 'plateau']);
    expect(kinds('#start=-2,-2&eta=2&gamma=0.95&range=0,4,-5,0')[1]).toBe('plateau');
  });
});

describe('the trajectory command', () => {
  it('runs end to end through tsx with the exit code and header', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const ok = spawnSync('node_modules/.bin/tsx', ['src/cli/trajectory.ts', '#steps=2&opt=gd'], { cwd: root, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const lines = ok.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(4);
    const bad = spawnSync('node_modules/.bin/tsx', ['src/cli/trajectory.ts', '#eta=abc'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"eta"');
  }, 30_000);

  /** Runs the command with its stdout read until the first chunk and then closed, as `… | head -2` does. */
  function closedEarly(link: string): Promise<{ code: number | null; stderr: string; got: string }> {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const child = spawn('node_modules/.bin/tsx', ['src/cli/trajectory.ts', link], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let got = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').once('data', (d: string) => {
      got = d;
      child.stdout.destroy();
    });
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, got })));
  }

  it.each([
    ['the sigmoid lab', '#steps=20000'],
    ['the MLP lab', '#problem=mlp&size=20&steps=2000'],
  ])('exits quietly when its reader closes stdout early (%s)', async (_lab, link) => {
    const r = await closedEarly(link);
    expect(r.got.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.code).toBe(0);
  }, 60_000);
});
