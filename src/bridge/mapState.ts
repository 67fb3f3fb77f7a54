import type { FromMap } from '../protocol/messages';
import type { MapLayer, MapState } from '../state/store';

/** Sizes of the page's maps, coarse first: 16 × 16 then 64 × 64; the MLP's (each cell trains the network) 8 × 8 then 16 × 16. */
export const MAP_SIZES: readonly number[] = [16, 64];
export const MLP_MAP_SIZES: readonly number[] = [8, 16];

/** A map just asked for: nothing received yet. */
export function askedMap(id: number, run: number, sizes: readonly number[], askedAt: number): MapState {
  return { id, run, optimizer: '', eta: NaN, gamma: null, steps: 0, sizes, layers: [], progress: 0, done: false, error: null, askedAt, ms: {}, version: 0 };
}

/** Cells asked over all stages (a stage of an optimizer without γ has one row: known once its axes came). */
function totalCells(m: MapState): number {
  const oneRow = m.layers.length > 0 && m.layers[0]!.gammas === null;
  return m.sizes.reduce((n, s) => n + s * (oneRow ? 1 : s), 0);
}

function withProgress(m: MapState): MapState {
  let got = 0;
  for (const l of m.layers) for (let r = 0; r < l.rows; r++) got += l.filled[r]! * l.cols;
  const total = totalCells(m);
  return { ...m, progress: m.done ? 1 : total > 0 ? Math.min(1, got / total) : 0 };
}

/**
 * The map after one of the worker's map messages (messages of another map are the caller's to drop).
 * Rows are copied into the layer's arrays in place (the layer object is kept; `version` bumps).
 */
export function applyMapMessage(m: MapState, msg: FromMap, now: number): MapState {
  switch (msg.type) {
    case 'map-axes': {
      const cells = msg.rows * msg.cols;
      const layer: MapLayer = {
        size: msg.size, rows: msg.rows, cols: msg.cols, etas: msg.etas, gammas: msg.gammas, edge: msg.edge,
        status: new Uint8Array(cells), step: new Int32Array(cells).fill(-1), loss: new Float64Array(cells).fill(NaN), filled: new Uint8Array(msg.rows), done: false,
      };
      return withProgress({ ...m, optimizer: msg.optimizer, eta: msg.eta, gamma: msg.gamma, steps: msg.steps, layers: [...m.layers.filter((l) => l.size !== msg.size), layer], version: m.version + 1 });
    }
    case 'map-rows': {
      const l = m.layers.find((x) => x.size === msg.size);
      if (!l || msg.cols !== l.cols || msg.r0 < 0 || msg.r1 > l.rows || msg.status.length !== (msg.r1 - msg.r0) * l.cols) return m;
      const at = msg.r0 * l.cols;
      l.status.set(msg.status, at);
      l.step.set(msg.step, at);
      l.loss.set(msg.loss, at);
      l.filled.fill(1, msg.r0, msg.r1);
      return withProgress({ ...m, version: m.version + 1 });
    }
    case 'map-done': {
      const layers = m.layers.map((l) => (l.size === msg.size ? { ...l, done: true } : l));
      return withProgress({ ...m, layers, done: msg.final, ms: { ...m.ms, [msg.size]: now - m.askedAt }, version: m.version + 1 });
    }
    case 'map-error':
      return { ...m, error: msg.message, version: m.version + 1 };
  }
}
