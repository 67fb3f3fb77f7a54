import EngineWorker from './worker/engine.worker.ts?worker';

/**
 * The engine worker is the first thing the page starts (main.tsx imports this module before any other, so it
 * runs before React and the app are evaluated): its script is fetched, and the worker started, while the
 * main thread is still busy with them, and the first surface comes back sooner. Later workers (restarts)
 * are new ones.
 */
let first: Worker | null = new EngineWorker();

export function spawnEngine(): Worker {
  const w = first ?? new EngineWorker();
  first = null;
  return w;
}
