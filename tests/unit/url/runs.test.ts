import { describe, expect, it } from 'vitest';
import { decode, decodeAny, defaultShared, encode } from '../../../src/url/codec';
import { createAppStore } from '../../../src/state/store';
import { createEditor } from '../../../src/url/edit';

const ISSUE_RUNS = 'runs=gd(eta:0.5),gd,gd(eta:4),momentum(gamma:0.5),rprop(step:0.05;max:1),gd(decay:exp;beta:0.005;clip:1)';

const messages = (link: string) => decode(link).notices.map((n) => `${n.key}: ${n.message}`);

describe('the runs key', () => {
  it("reads the issue's example: six runs in order, each with only the settings it names", () => {
    const { shared, notices } = decode(ISSUE_RUNS);
    expect(notices).toEqual([]);
    expect(shared.experiment.runs).toEqual([
      { optimizer: 'gd', settings: { eta: 0.5 } },
      { optimizer: 'gd', settings: {} },
      { optimizer: 'gd', settings: { eta: 4 } },
      { optimizer: 'momentum', settings: { gamma: 0.5 } },
      { optimizer: 'rprop', settings: { step: 0.05, max: 1 } },
      { optimizer: 'gd', settings: { decay: 'exp', beta: 0.005, clip: 1 } },
    ]);
  });

  it('writes runs back as the link wrote them, and reads its own text with no notice', () => {
    const frag = encode(decode(ISSUE_RUNS).shared);
    expect(frag).toContain(`&${ISSUE_RUNS}&`);
    expect(frag).not.toContain('opt=');
    expect(decode(frag)).toEqual({ shared: decode(ISSUE_RUNS).shared, notices: [] });
  });

  it('writes plain runs of the first three optimizers as opt, so older links keep their text', () => {
    const frag = encode(decode('runs=nesterov,gd').shared);
    expect(frag).toContain('&opt=nesterov,gd&');
    expect(frag).not.toContain('runs=');
    // A repeated optimizer cannot be said with opt.
    expect(encode(decode('runs=gd,gd').shared)).toContain('&runs=gd,gd&');
  });

  it('drops a bad run with a notice naming the run and the setting, and keeps the others', () => {
    const { shared, notices } = decode('runs=gd,rprop(up:1),momentum(gamma:0.5)');
    expect(shared.experiment.runs).toEqual([
      { optimizer: 'gd', settings: {} },
      { optimizer: 'momentum', settings: { gamma: 0.5 } },
    ]);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.key).toBe('runs');
    expect(notices[0]!.message).toContain('run 2: up must be greater than 1');
  });

  it('refuses a setting an optimizer does not have, and schedule settings without their schedule', () => {
    expect(messages('runs=gd(gamma:0.5),gd')[0]).toContain('run 1: gamma does not apply to gd');
    expect(messages('runs=rprop(decay:inv),gd')[0]).toContain('run 1: decay does not apply to rprop');
    expect(messages('runs=gd(beta:0.1),gd')[0]).toContain('run 1: beta applies only with decay:exp');
    expect(messages('runs=gd(decay:fast),gd')[0]).toContain('run 1: decay must be one of none, inv, inv2, exp, step');
    expect(messages('runs=rprop(min:2;max:1),gd')[0]).toContain('run 1: min');
    expect(messages('runs=gd(eta:1e400),gd')[0]).toContain('run 1: eta');
    expect(messages('runs=gd(eta:0.5;eta:1),gd')[0]).toContain('run 1: eta is given twice');
  });

  it('words the notice alike whether some runs survive or none does ("runs: run k: …")', () => {
    const said = (link: string) => decode(link).notices.map((n) => n.message).find((m) => m.includes('up does not apply'));
    expect(said('runs=gd(up:0.5),gd')).toMatch(/^runs: run 1: up does not apply to gd; this run was dropped/);
    expect(said('eta=abc&runs=gd(up:0.5)')).toBe('runs: run 1: up does not apply to gd; using opt or the default runs');
  });

  it('treats prototype names as unknown optimizers and unknown settings', () => {
    const { shared, notices } = decode('runs=constructor,__proto__(eta:1),gd(constructor:1),toString,gd');
    expect(shared.experiment.runs).toEqual([{ optimizer: 'gd', settings: {} }]);
    const text = notices.map((n) => n.message).join(' ');
    expect(text).toContain('run 1: "constructor" is not an optimizer');
    expect(text).toContain('run 2: "__proto__" is not an optimizer');
    expect(text).toContain('run 3: constructor does not apply to gd');
  });

  it('falls back to opt (or the default runs) when no run can be read, or there are more than 8', () => {
    expect(decode('runs=foo,bar').shared.experiment.runs).toEqual(defaultShared().experiment.runs);
    expect(decode('opt=gd&runs=foo').shared.experiment.runs).toEqual([{ optimizer: 'gd', settings: {} }]);
    const nine = Array(9).fill('gd').join(',');
    expect(messages(`runs=${nine}`)[0]).toContain('has more than 8 runs');
  });

  it('says so when a link has both opt and runs, and runs the runs', () => {
    const { shared, notices } = decode('opt=gd&runs=newton');
    expect(shared.experiment.runs).toEqual([{ optimizer: 'newton', settings: {} }]);
    expect(notices.map((n) => n.key)).toEqual(['opt']);
  });

  it('reads a hand-written link (no v, no checksum) with every key of the current version', () => {
    const { shared, notices } = decode('runs=gd(eta:0.5),newton,quickprop(mu:2)&off=2&eta=0.3');
    expect(notices).toEqual([]);
    expect(shared.experiment.runs.map((r) => r.optimizer)).toEqual(['gd', 'newton', 'quickprop']);
    expect(shared.view.off).toEqual([1]);
    expect(shared.experiment.eta).toBe(0.3);
  });

  it('ignores off positions past the last run, with a notice', () => {
    const { shared, notices } = decode('runs=gd,gd&off=1,5');
    expect(shared.view.off).toEqual([0]);
    expect(notices.map((n) => n.key)).toEqual(['off']);
  });

  it('refuses Newton on a network past 128 parameters, naming why, and keeps it on 2-8-8-1 (105)', () => {
    const big = decodeAny('problem=mlp&arch=2-16-16-1&runs=gd,newton');
    expect(big.shared.experiment.runs).toEqual([{ optimizer: 'gd', settings: {} }]);
    expect(big.notices.map((n) => n.message).join(' ')).toMatch(/run 2 \(newton\) needs the network's Hessian, formed for at most 128 parameters, and arch 2-16-16-1 has 337/);
    const small = decodeAny('problem=mlp&arch=2-8-8-1&runs=gd,newton');
    expect(small.notices).toEqual([]);
    expect(small.shared.experiment.runs).toHaveLength(2);
  });

  it('refuses an edit with one bad run whole, naming it, and keeps the runs shown (a link would drop it)', () => {
    const store = createAppStore(decode('runs=gd,momentum').shared);
    const editor = createEditor(store);
    editor.edit({ runs: 'gd,momentum(gamma:2)' });
    expect(store.getState().experiment.runs).toEqual([
      { optimizer: 'gd', settings: {} },
      { optimizer: 'momentum', settings: {} },
    ]);
    expect(store.getState().notices.map((n) => n.message).join(' ')).toContain('run 2: gamma must be from 0 to 0.99');
    editor.edit({ runs: 'gd,momentum(gamma:0.5)' });
    expect(store.getState().experiment.runs[1]).toEqual({ optimizer: 'momentum', settings: { gamma: 0.5 } });
  });
});
