import type { Pair, StepShapes } from '../../lab/stepGeometry';
import type { StepView } from '../../lab/stepView';
import { boxHeight } from './pathSegments';
import type { SceneMap } from './sceneMap';

/** RGB of each part (history in slate, undone in red; the step term and the update in the run's colour). */
export interface StepColors {
  readonly run: readonly [number, number, number];
  readonly history: readonly [number, number, number];
  readonly undone: readonly [number, number, number];
}

/** Segments of the 3D step overlay: 6 floats of position and 6 of colour per segment. */
export interface Segments {
  readonly positions: Float32Array;
  readonly colors: Float32Array;
  count: number;
}

export const MAX_SEGMENTS = 256;

export function createSegments(): Segments {
  return { positions: new Float32Array(MAX_SEGMENTS * 6), colors: new Float32Array(MAX_SEGMENTS * 6), count: 0 };
}

/**
 * The step overlay in scene coordinates. Everything lies on the tangent plane at θ_k (height L(θ_k) +
 * ∇L·(θ − θ_k), clamped into the box like the paths): the step arrows, Rprop's Δ box; QuickProp's
 * parabolas m(s) = L + g·s + ½c·s² along each parameter (on an MLP slice: their sum along the step) are
 * drawn at their own heights. Arrow heads are
 * two short segments in the (x, z) plane. Positions are finite by construction (sceneMap clamps). The
 * sides of the Δ box along a flipped parameter go into `flipped` (drawn dashed, and flashing: StepOverlay3D).
 */
export function writeStepSegments(out: Segments, view: StepView, s: StepShapes, map: SceneMap, c: StepColors, flipped: Segments): void {
  const t = view.trace;
  const L = t.loss;
  const g0 = t.gradient[0]!;
  const g1 = t.gradient[1]!;
  const plane = (p: Pair) => L + g0 * (p[0] - s.at[0]) + g1 * (p[1] - s.at[1]);
  out.count = 0;
  flipped.count = 0;
  const seg = (a: readonly [number, number, number], b: readonly [number, number, number], rgb: readonly [number, number, number], to = out) => {
    if (to.count >= MAX_SEGMENTS) return;
    const o = to.count * 6;
    to.positions.set([a[0], a[1], a[2], b[0], b[1], b[2]], o);
    to.colors.set([rgb[0], rgb[1], rgb[2], rgb[0], rgb[1], rgb[2]], o);
    to.count++;
  };
  const point = (p: Pair, height = plane(p)) => [map.x(p[0]), boxHeight(map, height).y, map.z(p[1])] as const;
  for (const a of s.arrows) {
    const rgb = a.role === 'history' ? c.history : a.role === 'undone' ? c.undone : c.run;
    const A = point(a.from);
    const B = point(a.to);
    seg(A, B, rgb);
    const dx = B[0] - A[0];
    const dz = B[2] - A[2];
    const len = Math.hypot(dx, dz);
    if (len > 1e-4) {
      const h = Math.min(0.05, len * 0.4);
      const ux = dx / len;
      const uz = dz / len;
      seg(B, [B[0] - ux * h - uz * h * 0.5, B[1], B[2] - uz * h + ux * h * 0.5], rgb);
      seg(B, [B[0] - ux * h + uz * h * 0.5, B[1], B[2] - uz * h - ux * h * 0.5], rgb);
    }
  }
  if (s.box) {
    const [hw, hb] = s.box.half;
    const corner = (i: number, j: number): Pair => [s.at[0] + i * hw, s.at[1] + j * hb];
    const sides: [Pair, Pair, boolean][] = [
      [corner(-1, -1), corner(-1, 1), s.box.undone[0]],
      [corner(1, -1), corner(1, 1), s.box.undone[0]],
      [corner(-1, -1), corner(1, -1), s.box.undone[1]],
      [corner(-1, 1), corner(1, 1), s.box.undone[1]],
    ];
    for (const [a, b, flip] of sides) seg(point(a), point(b), flip ? c.undone : c.history, flip ? flipped : out);
  }
  for (const sec of s.secants) {
    const end = sec.change * 1.25;
    const N = 16;
    let prev: readonly [number, number, number] | null = null;
    for (let i = 0; i <= N; i++) {
      const d = (end * i) / N;
      const p: Pair = sec.axis === 0 ? [s.at[0] + d, s.at[1]] : [s.at[0], s.at[1] + d];
      const q = point(p, L + sec.g * d + 0.5 * sec.c * d * d);
      if (prev) seg(prev, q, c.history);
      prev = q;
    }
  }
  if (s.parabola) {
    // The MLP slice: QuickProp's model along its step, over the projected step (s = 1 at θ_{k+1}).
    const { from, to, g, c: curve } = s.parabola;
    let prev: readonly [number, number, number] | null = null;
    for (let i = 0; i <= 20; i++) {
      const u = (1.25 * i) / 20;
      const q = point([from[0] + u * (to[0] - from[0]), from[1] + u * (to[1] - from[1])], L + g * u + 0.5 * curve * u * u);
      if (prev) seg(prev, q, c.history);
      prev = q;
    }
  }
  if (s.lookAhead) {
    const p = point(s.lookAhead);
    const r = 0.025;
    for (let i = 0; i < 8; i++) {
      const a0 = (i / 8) * 2 * Math.PI;
      const a1 = ((i + 1) / 8) * 2 * Math.PI;
      seg([p[0] + r * Math.cos(a0), p[1], p[2] + r * Math.sin(a0)], [p[0] + r * Math.cos(a1), p[1], p[2] + r * Math.sin(a1)], c.run);
    }
  }
}

/**
 * Line distances for dashing `s`'s segments (LineMaterial's instanceDistanceStart/End, interleaved d0, d1):
 * each segment from 0 to its length, so every side starts with a dash. Written into `out` in place.
 */
export function writeDistances(out: Float32Array, s: Segments): void {
  for (let i = 0; i < s.count; i++) {
    const o = i * 6;
    const p = s.positions;
    out[2 * i] = 0;
    out[2 * i + 1] = Math.hypot(p[o + 3]! - p[o]!, p[o + 4]! - p[o + 1]!, p[o + 5]! - p[o + 2]!);
  }
}

/**
 * A Taylor patch (lab/stepGeometry.ts taylorPatch) as triangle-mesh positions: n × n vertices over θ_k ±
 * half, heights clamped into the box. Returns the positions (3 per vertex), rewritten in place.
 */
export function writePatch(out: Float32Array, heights: Float64Array, n: number, at: Pair, half: Pair, map: SceneMap): void {
  for (let j = 0; j < n; j++) {
    const b = at[1] - half[1] + (2 * half[1] * j) / (n - 1);
    for (let i = 0; i < n; i++) {
      const w = at[0] - half[0] + (2 * half[0] * i) / (n - 1);
      const o = (j * n + i) * 3;
      out[o] = map.x(w);
      out[o + 1] = boxHeight(map, heights[j * n + i]!).y;
      out[o + 2] = map.z(b);
    }
  }
}
