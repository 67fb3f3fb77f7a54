/**
 * Main-thread responsiveness probes shared by the responsiveness test and the MLP browser bench: long
 * tasks and key-press waits recorded in the page, and the main thread's GPU readback time from a trace.
 */

/** What installProbe records in the page (window.__probe). */
export interface Probe {
  longTasks: number[];
  inputDelays: number[];
  /**
   * Event Timing entries of real key presses (keydown/keyup/input at 16 ms or more): `duration` is from
   * the press to the next frame painted after its handlers (what INP measures), `processing` the time
   * its handlers ran (processingEnd − processingStart).
   */
  events: { name: string; duration: number; processing: number }[];
}

/** Installed before the app (an init script): every long task's duration and every key press's wait until its handler ran. */
export function installProbe(): void {
  const w = window as unknown as { __probe: Probe };
  w.__probe = { longTasks: [], inputDelays: [], events: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__probe.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEventTiming[]) w.__probe.events.push({ name: e.name, duration: e.duration, processing: e.processingEnd - e.processingStart });
  }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  window.addEventListener('keydown', (e) => w.__probe.inputDelays.push(performance.now() - e.timeStamp), { capture: true });
}

/** One event of a Chromium trace (the fields the readback sum reads). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** Milliseconds the pages' main threads spent reading pixels back from the GPU process, from a Chromium trace. */
export function mainThreadGpuWait(trace: { traceEvents: TraceEvent[] }): number {
  const main = new Set(trace.traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return trace.traceEvents
    .filter((e) => e.ph === 'X' && e.name === 'GLES2::ReadPixels' && main.has(`${e.pid}:${e.tid}`))
    .reduce((ms, e) => ms + (e.dur ?? 0) / 1000, 0);
}
