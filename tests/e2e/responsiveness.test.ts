import { expect, test } from 'vitest';
import { appState, openApp, settled } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();

/**
 * Generous bounds for a shared 2-core CI machine (the bench holds the real targets: no long task over
 * 50 ms, slider → new paths p95 ≤ 100 ms). Before the 3D view's asynchronous readback the page waited for
 * the GPU at every 3D frame: with the GPU kept busy (busyGpu) ten ticks gave long tasks and key-press waits
 * of 0.45–9 s (230–1070 ms without it). Software WebGL runs every context on one GPU thread, like a real
 * GPU busy elsewhere.
 */
const LONG_TASK_MS = 350;
const INPUT_DELAY_MS = 350;

/**
 * Runs in the page: another WebGL context that queues a slow draw (a long loop per pixel, 100–300 ms in
 * software WebGL) every 50 ms and never reads anything back, so the GPU's queue keeps growing and anything
 * that waits for the GPU waits long. The page's own main thread is not touched by it.
 */
function busyGpu(): void {
  const c = document.createElement('canvas');
  c.width = 512;
  c.height = 512;
  const gl = c.getContext('webgl2')!;
  const shader = (type: number, src: string) => {
    const sh = gl.createShader(type)!;
    gl.shaderSource(sh, src);
    gl.compileShader(sh);
    return sh;
  };
  const prog = gl.createProgram();
  gl.attachShader(prog, shader(gl.VERTEX_SHADER, '#version 300 es\nvoid main() { vec2 v = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2)); gl_Position = vec4(v * 2.0 - 1.0, 0, 1); }'));
  gl.attachShader(prog, shader(gl.FRAGMENT_SHADER, '#version 300 es\nprecision highp float; uniform float k; out vec4 o; void main() { float a = gl_FragCoord.x * k; for (int i = 0; i < 64; i++) a = sin(a) * 1.0001 + cos(a * 0.5); o = vec4(a, 0, 0, 1); }'));
  gl.linkProgram(prog);
  gl.useProgram(prog);
  const k = gl.getUniformLocation(prog, 'k');
  setInterval(() => {
    gl.uniform1f(k, Math.random());
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    gl.flush();
  }, 50);
}

interface Probe {
  longTasks: number[];
  inputDelays: number[];
}

/** Installed before the app: every long task's duration and every key press's wait until its handler ran. */
function installProbe(): void {
  const w = window as unknown as { __probe: Probe };
  w.__probe = { longTasks: [], inputDelays: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__probe.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  window.addEventListener('keydown', (e) => w.__probe.inputDelays.push(performance.now() - e.timeStamp), { capture: true });
}

for (const [name, hash] of [
  ['the default MLP lab', 'problem=mlp'],
  ['the spiral 2-12-12-1', 'problem=mlp&dataset=spiral&arch=2-12-12-1'],
] as const) {
  test(`ten quick learning-rate ticks in ${name} keep the page responsive while the GPU is busy, and end with the new paths`, async () => {
    const { page, problems } = await openApp(browser(), hash, undefined, installProbe);
    await page.evaluate(busyGpu);
    const before = await page.evaluate(() => {
      const d = (window as unknown as { __downhill: { live: { paths: Map<string, { loss: Float64Array; length: number }> } } }).__downhill;
      const p = d.live.paths.get('gd')!;
      return p.loss[p.length - 1]!;
    });
    const eta0 = (await appState(page)).experiment.eta;
    await page.getByLabel(/learning rate/i).focus();
    await page.evaluate(() => {
      const p = (window as unknown as { __probe: Probe }).__probe;
      p.longTasks.length = 0;
      p.inputDelays.length = 0;
    });
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('ArrowRight');
      // Pacing the input as a person holding the key would, not waiting for the page.
      await page.waitForTimeout(40);
    }
    await settled(page);
    const { experiment } = await appState(page);
    expect(experiment.eta).toBeGreaterThan(eta0);
    const after = await page.evaluate(() => {
      const d = (window as unknown as { __downhill: { live: { sentRun: number; paths: Map<string, { loss: Float64Array; length: number; run?: number }> } } }).__downhill;
      const p = d.live.paths.get('gd')!;
      return { loss: p.loss[p.length - 1]!, current: p.run === d.live.sentRun };
    });
    expect(after.current).toBe(true);
    expect(after.loss).not.toBe(before);
    const probe = await page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);
    console.log(`${name}: long tasks ${probe.longTasks.map(Math.round).join(' ') || 'none'}; input delays ${probe.inputDelays.map(Math.round).join(' ')}`);
    expect(probe.inputDelays).toHaveLength(10);
    expect(Math.max(0, ...probe.longTasks)).toBeLessThan(LONG_TASK_MS);
    expect(Math.max(...probe.inputDelays)).toBeLessThan(INPUT_DELAY_MS);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
}
