import { describe, expect, it } from 'vitest';
import { createLive } from '../../../src/bridge/live';

describe('createLive', () => {
  it('starts empty, with no surface and no paths', () => {
    const live = createLive();
    expect(live.surface).toBeNull();
    expect(live.surfaceVersion).toBe(0);
    expect(live.paths).toEqual([]);
    expect(live.version).toBe(0);
  });

  it('bumps its version and calls every listener on each emit', () => {
    const live = createLive();
    const calls: string[] = [];
    live.subscribe(() => calls.push('a'));
    live.subscribe(() => calls.push(`b${live.version}`));
    live.emit();
    live.emit();
    expect(live.version).toBe(2);
    expect(calls).toEqual(['a', 'b1', 'a', 'b2']);
  });

  it('stops calling a listener once it unsubscribes', () => {
    const live = createLive();
    let n = 0;
    const off = live.subscribe(() => n++);
    live.emit();
    off();
    live.emit();
    expect(n).toBe(1);
  });
});
