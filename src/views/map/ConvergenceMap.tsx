import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MapLayer, MapState } from '../../state/store';
import { entryOf, formatRun, MAP_DECADES, MAP_STATUSES } from '../../url/runCatalog';
import { RunSelect } from '../controls/RunSelect';
import { drawText } from '../canvasText';
import { useApp, useServices } from '../AppContext';
import { frameScheduler, prepareCanvas, useElementSize } from '../useCanvasSize';
import { PENDING_COLOR, STATUS_COLORS, stepGradient, stepTicks } from './mapColors';
import { cellAt, cellPixels, cellSetting, etaTicks, etaX, formatEta, GAMMA_TICKS, gammaY, mapFrame, shownLayers, type MapFrame } from './mapDraw';

type Cell = { r: number; c: number };

const STATUS_TEXT = { converged: 'converged', diverged: 'diverged', plateau: 'stuck on a plateau', 'not-converged': 'not converged' } as const;

/** The map's height for a width: a square-ish plot with γ, a strip without. */
function heightFor(width: number, strip: boolean): number {
  return strip ? 86 : Math.round(Math.max(200, Math.min(340, width * 0.72)));
}

function draw(ctx: CanvasRenderingContext2D, f: MapFrame, m: MapState, layer: MapLayer, under: MapLayer | null, scratch: HTMLCanvasElement, mark: Cell | null) {
  // The cells: one pixel each, scaled up without smoothing (a few thousand pixels: well under a frame).
  const px = cellPixels(layer, under, m.steps);
  scratch.width = layer.cols;
  scratch.height = layer.rows;
  const sctx = scratch.getContext('2d');
  if (sctx) {
    sctx.putImageData(new ImageData(px as Uint8ClampedArray<ArrayBuffer>, layer.cols, layer.rows), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(scratch, f.x0, f.y0, f.w, f.h);
  }
  ctx.strokeStyle = '#334155';
  ctx.lineWidth = 1;
  ctx.strokeRect(f.x0 - 0.5, f.y0 - 0.5, f.w + 1, f.h + 1);
  // Axes.
  ctx.fillStyle = '#334155';
  // Labels through canvasText.ts: text set on a page canvas recomputes the page's styles.
  const text = { font: '11px system-ui, sans-serif', fill: '#334155' } as const;
  const below = { ...text, align: 'center', baseline: 'top' } as const;
  for (const eta of etaTicks(f.logLo, f.logHi)) {
    const x = etaX(f, eta);
    ctx.fillRect(Math.round(x), f.y0 + f.h, 1, 4);
    drawText(ctx, formatEta(eta), x, f.y0 + f.h + 5, below);
  }
  drawText(ctx, 'η (log)', f.x0 + f.w / 2, f.y0 + f.h + 17, below);
  const left = { ...text, align: 'right', baseline: 'middle' } as const;
  if (f.gammaMax !== null) {
    for (const g of GAMMA_TICKS) {
      const y = gammaY(f, g);
      ctx.fillRect(f.x0 - 4, Math.round(y), 4, 1);
      drawText(ctx, String(g), f.x0 - 6, y, left);
    }
    drawText(ctx, 'γ', 1, f.y0 + f.h / 2, { ...left, align: 'left' });
  } else drawText(ctx, 'no γ', f.x0 - 4, f.y0 + f.h / 2, left);
  // The theory's stability edge at the start.
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.x0, f.y0, f.w, f.h);
  ctx.clip();
  const pts: [number, number][] = [];
  layer.edge.forEach((e, r) => {
    if (e === null || !Number.isFinite(e) || e <= 0) return;
    const x = etaX(f, e);
    if (f.gammaMax === null) {
      pts.push([x, f.y0], [x, f.y0 + f.h]);
    } else {
      const y = gammaY(f, layer.gammas![r]!);
      pts.push([x, y]);
      if (r === 0) pts.unshift([x, f.y0 + f.h]);
      if (r === layer.rows - 1) pts.push([x, f.y0]);
    }
  });
  if (pts.length > 1) {
    for (const [w, color, dash] of [[4, '#ffffff', []], [2, '#111827', [6, 4]]] as const) {
      ctx.lineWidth = w;
      ctx.strokeStyle = color;
      ctx.setLineDash(dash as unknown as number[]);
      ctx.beginPath();
      pts.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }
  // The run's own (η, γ): a ring with a cross.
  if (Number.isFinite(m.eta)) {
    const x = etaX(f, m.eta);
    const y = gammaY(f, m.gamma);
    for (const [w, color] of [[4, '#ffffff'], [2, '#111827']] as const) {
      ctx.lineWidth = w;
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.arc(x, y, 7, 0, 2 * Math.PI);
      ctx.moveTo(x - 11, y);
      ctx.lineTo(x + 11, y);
      ctx.moveTo(x, y - 11);
      ctx.lineTo(x, y + 11);
      ctx.stroke();
    }
  }
  // The keyboard cursor or hovered cell.
  if (mark) {
    const cw = f.w / layer.cols;
    const ch = f.h / layer.rows;
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#f97316';
    ctx.strokeRect(f.x0 + mark.c * cw, f.y0 + (layer.rows - 1 - mark.r) * ch, Math.max(3, cw), Math.max(3, ch));
  }
  ctx.restore();
}

/**
 * The (η, γ) convergence map of the theory run (store.theory): how a run with that optimizer, from the
 * experiment's start, ends for every η of a log-spaced window around its η and every γ from 0 to 0.99.
 * Drawn from the worker's cells as one ImageData; a click, a tap or Enter on the keyboard cursor sets
 * the run's own η and γ in the link.
 */
export function ConvergenceMap() {
  const { store, editor } = useServices();
  const map = useApp((s) => s.map);
  const runs = useApp((s) => s.experiment.runs);
  const problem = useApp((s) => s.experiment.problem);
  const theory = useApp((s) => s.theory);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const scratch = useMemo(() => (typeof document === 'undefined' ? null : document.createElement('canvas')), []);
  const { width } = useElementSize(box);
  const [hover, setHover] = useState<Cell | null>(null);
  const shown = map ? shownLayers(map.layers) : null;
  // The keyboard cursor belongs to the map it was set on: a new map (another run, experiment or stage size)
  // forgets it. Derived here rather than reset by an effect: an effect's setState on every experiment
  // change left a low-priority update pending after each synchronous commit, and 50 of those in a row (a
  // fast drag) made React throw "Maximum update depth exceeded" (#185, found by the soak test).
  const mapKey = `${map?.id}|${shown?.layer.size}`;
  const [cursorOf, setCursorOf] = useState<{ key: string; cell: Cell } | null>(null);
  const cursor = cursorOf?.key === mapKey ? cursorOf.cell : null;
  const setCursor = (cell: Cell | null) => setCursorOf(cell ? { key: mapKey, cell } : null);
  const strip = shown ? shown.layer.gammas === null : false;
  const height = heightFor(width, strip);
  const frame = shown && width > 0 ? mapFrame(width, height, shown.layer) : null;
  const run = map ? runs[map.run] : runs[theory];
  const entry = run ? entryOf(run.optimizer) : undefined;
  const mark = cursor ?? hover;

  const state = useRef({ map, shown, frame, mark, width, height });
  state.current = { map, shown, frame, mark, width, height };
  const redraw = useMemo(
    () =>
      frameScheduler(() => {
        const { map: m, shown: s, frame: f, mark: k, width: w, height: h } = state.current;
        if (!canvas.current || w === 0) return;
        const ctx = prepareCanvas(canvas.current, w, h);
        if (!ctx || !m || !s || !f || !scratch) return;
        draw(ctx, f, m, s.layer, s.under, scratch, k);
      }),
    [scratch],
  );
  useEffect(redraw, [redraw, map?.version, map?.id, width, height, mark?.r, mark?.c]);

  const apply = (cell: Cell) => {
    const m = store.getState().map;
    const s = m ? shownLayers(m.layers) : null;
    const r = m ? store.getState().experiment.runs[m.run] : undefined;
    if (!m || !s || !r || !editor) return;
    const { eta, gamma } = cellSetting(s.layer, cell.r, cell.c);
    const settings: Record<string, number | string> = { ...r.settings, eta };
    if (gamma !== null) settings.gamma = gamma;
    const next = store.getState().experiment.runs.map((x, i) => (i === m.run ? { optimizer: x.optimizer, settings } : x));
    editor.edit({ runs: next.map(formatRun).join(',') });
  };

  const at = (e: { currentTarget: HTMLCanvasElement; clientX: number; clientY: number }): Cell | null => {
    if (!frame) return null;
    const b = e.currentTarget.getBoundingClientRect();
    return cellAt(frame, e.clientX - b.left, e.clientY - b.top);
  };

  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (!shown) return;
    const { rows, cols } = shown.layer;
    const moves: Record<string, [number, number]> = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [1, 0], ArrowDown: [-1, 0] };
    const start = cursor ?? hover ?? markerCell(shown.layer, map);
    if (moves[e.key]) {
      e.preventDefault();
      const [dr, dc] = moves[e.key]!;
      setCursor({ r: Math.max(0, Math.min(rows - 1, start.r + dr)), c: Math.max(0, Math.min(cols - 1, start.c + dc)) });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      apply(start);
    } else if (e.key === 'Escape') setCursor(null);
  };

  const pct = map ? Math.round(map.progress * 100) : 0;
  const ignoresEta = entry?.ignoresEta === true;
  const mlp = problem === 'mlp';
  const readout = readoutText(map, shown?.layer ?? null, mark);
  const sizes = map?.sizes ?? [];

  return (
    <div className="convergence-map" ref={box} data-map-id={map?.id ?? 0} data-done={map?.done ? 'true' : 'false'}>
      <div className="map-head">
        <RunSelect text="run" label="Run whose (η, γ) map is shown" />
        <div className="map-progress" role="progressbar" aria-label="(η, γ) map computed" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
          <div className="map-progress-fill" style={{ width: `${pct}%` }} />
        </div>
        <span className="map-pct">{pct}%</span>
      </div>
      {runs.length === 0 ? (
        <p className="map-notice">Add a run to see its (η, γ) map.</p>
      ) : ignoresEta ? (
        <p className="map-notice">{entry?.name ?? 'This optimizer'} ignores η (its steps come from Δ), so it has no (η, γ) map.</p>
      ) : map?.error ? (
        <p className="map-notice">No map: {map.error}</p>
      ) : (
        <canvas
          ref={canvas}
          className="map-canvas"
          style={{ height }}
          tabIndex={0}
          role="img"
          aria-label={`(η, γ) convergence map of run ${(map?.run ?? theory) + 1}: η log-spaced across the columns${strip ? '' : ', γ from 0 to 0.99 up the rows'}; click a cell, or use the arrow keys and Enter, to set the run's η${strip ? '' : ' and γ'}`}
          onPointerMove={(e) => setHover(at(e))}
          onPointerLeave={() => setHover(null)}
          onClick={(e) => {
            const c = at(e);
            if (c) apply(c);
          }}
          onKeyDown={onKey}
          onBlur={() => setCursor(null)}
        />
      )}
      {!ignoresEta && runs.length > 0 && (
        <>
          <p className="map-readout" aria-live="polite">
            {readout}
          </p>
          <div className="map-legend">
            <span className="map-bar">
              <span className="map-bar-ramp" style={{ background: stepGradient() }} />
              <span className="map-bar-ticks">
                {stepTicks(map?.steps || 1).map((t) => (
                  <span key={t.step} style={{ left: `${t.at * 100}%` }}>
                    {t.step}
                  </span>
                ))}
              </span>
              <span className="map-bar-label">steps to converge</span>
            </span>
            {(Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[]).map((k) => (
              <span key={k} className="map-key">
                <span className="map-swatch" style={{ background: STATUS_COLORS[k] }} /> {STATUS_TEXT[k]}
              </span>
            ))}
            <span className="map-key">
              <span className="map-swatch" style={{ background: PENDING_COLOR }} /> not computed yet
            </span>
          </div>
          <p className="hint">
            η from {10 ** MAP_DECADES[0]}× to {Math.round(10 ** MAP_DECADES[1])}× the run&apos;s η (log), {strip ? `one strip: ${entry?.name ?? 'this optimizer'} has no γ` : 'γ from 0 to 0.99'}; each cell is the run with that
            {strip ? ' η' : ' (η, γ)'}, {map?.steps ?? ''} steps from the start. ⊕ the run&apos;s own values;{' '}
            {mlp
              ? 'no theory edge here (the network has more directions than the slice). MLP: a coarser, slower map (8 × 8, then 16 × 16), each cell trains the whole network.'
              : shown && shown.layer.edge.every((e) => e === null)
                ? 'no theory edge: the theory gives no fixed-η bound for this run here (nothing curves up, or a direction curves down as at a saddle; its η decays or its gradient is clipped; or its optimizer has no theory).'
                : `dashed: the theory's stability bound at the start${problem === 'quadratic' ? ' (exact on a quadratic)' : ' (a local prediction; the cells are the actual surface)'}.`}{' '}
            {sizes.length > 1 && !mlp ? `Coarse ${sizes[0]} × ${sizes[0]} first, then ${sizes[1]} × ${sizes[1]}.` : ''}
          </p>
        </>
      )}
    </div>
  );
}

function markerCell(layer: MapLayer, m: MapState | null): Cell {
  if (!m || !Number.isFinite(m.eta)) return { r: 0, c: 0 };
  let c = 0;
  for (let k = 1; k < layer.cols; k++) if (Math.abs(Math.log(layer.etas[k]! / m.eta)) < Math.abs(Math.log(layer.etas[c]! / m.eta))) c = k;
  let r = 0;
  if (layer.gammas && m.gamma !== null) for (let k = 1; k < layer.rows; k++) if (Math.abs(layer.gammas[k]! - m.gamma) < Math.abs(layer.gammas[r]! - m.gamma)) r = k;
  return { r, c };
}

/** The hover (or cursor) readout: η, γ, status, step and final loss of that cell. */
export function readoutText(m: MapState | null, layer: MapLayer | null, cell: Cell | null): string {
  if (!m || !layer) return 'Computing the map…';
  if (!cell) return m.done ? 'Point at a cell to read it; click it to use its η and γ.' : 'Computing the map…';
  const { r, c } = cell;
  const eta = layer.etas[c];
  if (eta === undefined || r < 0 || r >= layer.rows) return '';
  const g = layer.gammas ? `, γ = ${layer.gammas[r]!.toFixed(3)}` : '';
  if (!layer.filled[r]) return `η = ${eta.toPrecision(3)}${g}: not computed yet`;
  const i = r * layer.cols + c;
  const status = MAP_STATUSES[layer.status[i]!] ?? 'not-converged';
  const step = layer.step[i]!;
  const loss = layer.loss[i]!;
  return `η = ${eta.toPrecision(3)}${g}: ${STATUS_TEXT[status]}${step >= 0 ? ` at step ${step}` : ''}, L = ${Number.isFinite(loss) ? loss.toPrecision(3) : '—'}`;
}
