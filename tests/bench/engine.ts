/**
 * Engine figures for `npm run bench`, each with the same work done by a peer measured in the same run:
 * a naive implementation in the style of typical JS teaching demos (data as an array of {x, y} objects,
 * Math.exp sigmoid, separate gradW / gradB / error functions that each recompute σ, a new {w, b, loss}
 * object pushed onto an array per step, the surface as number[][]). Ratios are ours / peer.
 */
import { OPTIMIZERS } from '../../src/engine/optimizers';
import { createSigmoidNeuron, type DataPoint } from '../../src/engine/problems/sigmoidNeuron';
import { runToEnd } from '../../src/engine/run';
import { axisPlane, sampleSurface } from '../../src/engine/surface';
import { defaultShared } from '../../src/url/codec';
import { timeInterleaved } from './measure';
import type { BenchRow } from './types';

interface PeerPoint {
  w: number;
  b: number;
  loss: number;
}

const peerSigmoid = (w: number, b: number, x: number) => 1 / (1 + Math.exp(-(w * x + b)));

function peerError(w: number, b: number, data: readonly DataPoint[]): number {
  let err = 0;
  for (const p of data) err += 0.5 * (peerSigmoid(w, b, p.x) - p.y) ** 2;
  return err;
}

function peerGradW(w: number, b: number, data: readonly DataPoint[]): number {
  let dw = 0;
  for (const p of data) {
    const fx = peerSigmoid(w, b, p.x);
    dw += (fx - p.y) * fx * (1 - fx) * p.x;
  }
  return dw;
}

function peerGradB(w: number, b: number, data: readonly DataPoint[]): number {
  let db = 0;
  for (const p of data) {
    const fx = peerSigmoid(w, b, p.x);
    db += (fx - p.y) * fx * (1 - fx);
  }
  return db;
}

/** GD, momentum or Nesterov the demo way: a path of fresh objects, loss evaluated per point. */
function peerRun(kind: string, data: readonly DataPoint[], w0: number, b0: number, eta: number, gamma: number, steps: number): PeerPoint[] {
  let w = w0;
  let b = b0;
  let vw = 0;
  let vb = 0;
  const path: PeerPoint[] = [{ w, b, loss: peerError(w, b, data) }];
  for (let t = 0; t < steps; t++) {
    const lw = kind === 'nesterov' ? w - gamma * vw : w;
    const lb = kind === 'nesterov' ? b - gamma * vb : b;
    const dw = peerGradW(lw, lb, data);
    const db = peerGradB(lw, lb, data);
    const g = kind === 'gd' ? 0 : gamma;
    vw = g * vw + eta * dw;
    vb = g * vb + eta * db;
    w -= vw;
    b -= vb;
    path.push({ w, b, loss: peerError(w, b, data) });
  }
  return path;
}

function peerSurface(data: readonly DataPoint[], range: readonly number[], n: number): number[][] {
  const [w0, w1, b0, b1] = range as [number, number, number, number];
  const zs: number[][] = [];
  for (let j = 0; j < n; j++) {
    const row: number[] = [];
    for (let i = 0; i < n; i++) row.push(peerError(w0 + (i * (w1 - w0)) / (n - 1), b0 + (j * (b1 - b0)) / (n - 1), data));
    zs.push(row);
  }
  return zs;
}

const STEPS = 1000;
/** The three optimizers the peer implements. */
const OPTIMIZER_IDS = ['gd', 'momentum', 'nesterov'] as const;
const GRID = 256;

/** Engine figures with their targets and peer ratios, on the lecture problem (the default link). */
export async function benchEngine(): Promise<BenchRow[]> {
  const e = defaultShared().experiment;
  const ours = () => {
    const problem = createSigmoidNeuron(e.data);
    return OPTIMIZER_IDS.map((id) => runToEnd({ problem, run: { optimizer: id, settings: {} }, globals: e, start: e.start, steps: STEPS }));
  };
  const peer = () => OPTIMIZER_IDS.map((id) => peerRun(id, e.data, e.start[0], e.start[1], e.eta, e.gamma, STEPS));

  // The ratio only means something if both sides compute the same paths.
  const a = ours();
  const p = peer();
  OPTIMIZER_IDS.forEach((id, i) => {
    const t = a[i]!.trajectory;
    const last = p[i]![STEPS]!;
    const dev = Math.max(Math.abs(t.params[2 * STEPS]! - last.w), Math.abs(t.params[2 * STEPS + 1]! - last.b));
    if (t.length !== STEPS + 1 || !(dev < 1e-9)) throw new Error(`bench: peer ${id} disagrees with the engine (deviation ${dev})`);
  });

  const [run, peerRunT] = timeInterleaved([ours, peer], { budgetMs: 1500, maxSamples: 3000 });

  const problem = createSigmoidNeuron(e.data);
  const [w0, w1, b0, b1] = e.range;
  const plane = axisPlane(w0, w1, b0, b1);
  const [surf, peerSurf] = timeInterleaved(
    [() => sampleSurface(problem, plane, GRID, GRID), () => peerSurface(e.data, e.range, GRID)],
    { budgetMs: 2000, maxSamples: 500 },
  );

  // Steps per second of every registered optimizer on the lecture problem (8 runs, 1000 steps: what a drag recomputes).
  const each = OPTIMIZERS.map((m) => () => runToEnd({ problem: createSigmoidNeuron(e.data), run: { optimizer: m.id, settings: {} }, globals: e, start: e.start, steps: STEPS }));
  const perOpt = timeInterleaved(each, { budgetMs: 1500, maxSamples: 2000 });
  const eight = () => {
    const problem = createSigmoidNeuron(e.data);
    for (let i = 0; i < 8; i++) runToEnd({ problem, run: { optimizer: OPTIMIZERS[i % 3]!.id, settings: {} }, globals: e, start: e.start, steps: STEPS });
  };
  const [eightT] = timeInterleaved([eight], { budgetMs: 800, maxSamples: 1000 });

  return [
    ...OPTIMIZERS.map((m, i) => ({
      name: `engine: ${m.id} steps/s, lecture problem`,
      value: Math.round(STEPS / (perOpt[i]!.median / 1000)),
      unit: 'steps/s',
      note: `median of ${perOpt[i]!.samples} runs of ${STEPS} steps (time per step ${(perOpt[i]!.median / STEPS * 1000).toFixed(2)} µs)`,
    })),
    {
      name: `engine: 8 runs × ${STEPS} steps (what a drag with 8 runs recomputes)`,
      value: eightT!.median,
      unit: 'ms',
      target: 4,
      note: `median of ${eightT!.samples}; gd, momentum, nesterov in turn`,
    },
    {
      name: `engine: ${OPTIMIZER_IDS.length} optimizers × ${STEPS} steps, lecture problem`,
      value: run!.median,
      unit: 'ms',
      target: 1,
      ratio: run!.median / peerRunT!.median,
      note: `median of ${run!.samples}; runToEnd, trajectories included`,
    },
    {
      name: `peer: naive demo, ${OPTIMIZER_IDS.length} × ${STEPS} steps`,
      value: peerRunT!.median,
      unit: 'ms',
      note: `median of ${peerRunT!.samples}; objects per step, Math.exp sigmoid`,
    },
    {
      name: `engine: surface ${GRID}² (sampleSurface)`,
      value: surf!.median,
      unit: 'ms',
      target: 10,
      ratio: surf!.median / peerSurf!.median,
      note: `median of ${surf!.samples}; Float32Array grid`,
    },
    {
      name: `peer: naive surface ${GRID}² (number[][])`,
      value: peerSurf!.median,
      unit: 'ms',
      note: `median of ${peerSurf!.samples}`,
    },
  ];
}
