import { useMemo, useState } from 'react';
import type { OptimizerId } from '../../protocol/experiment';
import { useApp, useServices } from '../AppContext';
import { OPT_COLOR, OPT_NAME } from '../colors';
import { useLiveValue } from '../useLive';
import { netParams, type NetParam } from './netLayout';

const W = 320;
const H = 200;
const PAD = 18;

/** Positive weights blue, negative orange (TensorFlow Playground's convention). */
const signColor = (v: number) => (v >= 0 ? '#0877bd' : '#f59322');

/**
 * The network as a diagram: one column of units per layer, an edge per weight whose thickness and
 * colour show |w| and its sign at the playback step (for the chosen optimizer), a bias as the fill of its
 * unit. Click an edge or a unit (its bias) to put that parameter on a slice axis: the first click sets
 * the a axis, the next the b axis, and so on; this switches the slice to "two parameters".
 */
export function NetworkDiagram() {
  const { editor } = useServices();
  const e = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment : null));
  const [which, setWhich] = useState<OptimizerId | null>(null);
  const [axis, setAxis] = useState<0 | 1>(0);
  const layers = e?.layers;
  const params = useMemo(() => (layers ? netParams(layers) : []), [layers]);
  const shownId = e && which && e.opt.includes(which) ? which : (e?.opt[0] ?? null);
  // The θ of the shown optimizer at the playback step, as a stable string-free snapshot (re-render per view).
  const view = useLiveValue((live) => live.view);
  if (!e || !layers) return null;
  const n = params.length;
  const k = view && shownId ? view.optimizers.indexOf(shownId) : -1;
  const theta = view && k >= 0 && view.thetas.length >= (k + 1) * n ? view.thetas.subarray(k * n, (k + 1) * n) : null;
  let maxW = 0;
  if (theta) for (const p of params) if (p.kind === 'weight') maxW = Math.max(maxW, Math.abs(theta[p.index]!));
  let maxB = 0;
  if (theta) for (const p of params) if (p.kind === 'bias') maxB = Math.max(maxB, Math.abs(theta[p.index]!));

  const cols = layers.length;
  const x = (l: number) => PAD + ((W - 2 * PAD) * l) / (cols - 1);
  const y = (l: number, u: number) => {
    const m = layers[l]!;
    const step = Math.min(22, (H - 2 * PAD) / Math.max(1, m - 1));
    return H / 2 + (u - (m - 1) / 2) * step;
  };
  const pair = e.slice === 'params' ? e.pair : null;
  const onSlice = (i: number) => (pair ? pair.indexOf(i) : -1);
  const pick = (p: NetParam) => {
    const current = e.pair;
    const other = current[1 - axis]!;
    const next: [number, number] = axis === 0 ? [p.index, other] : [other, p.index];
    // Picking the parameter already on the other axis swaps the two.
    if (next[0] === next[1]) next[axis === 0 ? 1 : 0] = current[axis]!;
    editor?.edit({ slice: 'params', pair: `${next[0]},${next[1]}` });
    setAxis(axis === 0 ? 1 : 0);
  };
  const title = (p: NetParam) => `${p.label} = ${theta ? Number(theta[p.index]!.toPrecision(4)) : '…'} (θ[${p.index}]); click to put it on the ${axis === 0 ? 'a' : 'b'} axis`;

  return (
    <div className="network">
      <div className="network-tabs" role="radiogroup" aria-label="Weights of">
        {e.opt.map((id) => (
          <label key={id} style={{ color: OPT_COLOR[id] }}>
            <input type="radio" name="network-of" checked={shownId === id} onChange={() => setWhich(id)} />
            {OPT_NAME[id]}
          </label>
        ))}
        <span className="network-step">{view && k >= 0 ? `step ${view.steps[k]}` : ''}</span>
      </div>
      <svg className="network-svg" viewBox={`0 0 ${W} ${H}`} role="group" aria-label={`Network ${layers.join('-')}; edges show the weights, click one to slice along it`}>
        {params.map((p) => {
          if (p.kind !== 'weight') return null;
          const v = theta ? theta[p.index]! : 0;
          const s = onSlice(p.index);
          const width = theta && maxW > 0 ? 0.4 + 3.6 * Math.min(1, Math.abs(v) / maxW) : 0.8;
          const x1 = x(p.layer - 1);
          const y1 = y(p.layer - 1, p.col);
          const x2 = x(p.layer);
          const y2 = y(p.layer, p.row);
          return (
            <g key={p.index} className={`edge${s >= 0 ? ' on-slice' : ''}`} data-index={p.index} onClick={() => pick(p)}>
              <title>{title(p)}</title>
              <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={s >= 0 ? '#111827' : theta ? signColor(v) : '#cbd5e1'} strokeWidth={s >= 0 ? Math.max(2.5, width) : width} strokeOpacity={s >= 0 ? 1 : 0.8} />
              <line className="hit" x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={7} />
              {s >= 0 && (
                <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 3} className="axis-tag">
                  {s === 0 ? 'a' : 'b'}
                </text>
              )}
            </g>
          );
        })}
        {layers.map((m, l) =>
          Array.from({ length: m }, (_, u) => {
            const bias = l > 0 ? params.find((p) => p.kind === 'bias' && p.layer === l && p.row === u)! : null;
            const v = bias && theta ? theta[bias.index]! : 0;
            const s = bias ? onSlice(bias.index) : -1;
            const fill = bias && theta && maxB > 0 ? signColor(v) : '#f8fafc';
            const opacity = bias && theta && maxB > 0 ? 0.25 + 0.75 * Math.min(1, Math.abs(v) / maxB) : 1;
            return (
              <g key={`${l}-${u}`} className={`unit${bias ? ' has-bias' : ''}${s >= 0 ? ' on-slice' : ''}`} data-index={bias?.index} onClick={bias ? () => pick(bias) : undefined}>
                {bias && <title>{title(bias)}</title>}
                <circle cx={x(l)} cy={y(l, u)} r={6} fill={fill} fillOpacity={opacity} stroke={s >= 0 ? '#111827' : '#64748b'} strokeWidth={s >= 0 ? 2.5 : 1} />
                {s >= 0 && (
                  <text x={x(l)} y={y(l, u) - 9} className="axis-tag">
                    {s === 0 ? 'a' : 'b'}
                  </text>
                )}
              </g>
            );
          }),
        )}
      </svg>
      <p className="hint">
        Click an edge (weight) or a unit (its bias) to put it on the <strong>{axis === 0 ? 'a' : 'b'}</strong> axis of a two-parameter slice.
      </p>
    </div>
  );
}
