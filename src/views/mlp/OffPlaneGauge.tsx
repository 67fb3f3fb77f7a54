import { useEffect, useMemo, useRef } from 'react';
import { useApp, useServices } from '../AppContext';
import { runLabel } from '../../url/runCatalog';
import { runColor } from '../colors';
import { useVisibleRuns } from '../useRuns';
import { frameScheduler } from '../useCanvasSize';
import { useLiveChanges } from '../useLive';

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toFixed(3) : v.toExponential(2));

/**
 * How far each path is from the slice plane at the playback step, ‖θ_t − θ(a_t, b_t)‖₂, next to how far
 * it has moved in the plane from the slice's centre (so "0.8 off the plane" can be judged), with a bar:
 * the share of the step's distance from the centre that lies off the plane. A path on the plane
 * (a two-parameter slice trained on those two only) reads 0.
 */
export function OffPlaneGauge() {
  const { live, store } = useServices();
  const opt = useVisibleRuns();
  const runs = useApp((s) => s.experiment.runs);
  const rows = useRef(new Map<number, { value: HTMLElement | null; bar: HTMLElement | null }>());
  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const t = store.getState().t;
        for (const [id, el] of rows.current) {
          const p = live.paths[id];
          if (!el.value || !el.bar) continue;
          if (!p || !p.offPlane || p.length === 0) {
            el.value.textContent = '…';
            el.bar.style.width = '0%';
            continue;
          }
          const k = Math.min(t, p.length - 1);
          const off = p.offPlane[k]!;
          const a = p.params[2 * k]!;
          const b = p.params[2 * k + 1]!;
          const s = live.surface;
          // The in-plane distance from the slice's centre: the plane's origin (0, 0) for 'random' and
          // 'pca' (θ₀ or θ_final; a PCA window is not centred on it), the start values for 'params'
          // (whose axes are the parameters themselves and whose window is centred on them).
          const params = s?.slice?.mode === 'params';
          const ca = s && params ? (s.range[0] + s.range[1]) / 2 : 0;
          const cb = s && params ? (s.range[2] + s.range[3]) / 2 : 0;
          const inPlane = Math.hypot(a - ca, b - cb);
          const share = off + inPlane > 0 ? off / Math.hypot(off, inPlane) : 0;
          el.value.textContent = `${fmt(off)} off the plane at step ${k}`;
          el.bar.style.width = `${(100 * share).toFixed(1)}%`;
          el.bar.parentElement?.setAttribute('aria-valuenow', (100 * share).toFixed(0));
        }
      }),
    [live, store],
  );
  useEffect(draw, [draw, opt]);
  useLiveChanges(draw);
  return (
    <div className="offplane" aria-label="Distance of each path from the slice plane">
      <div className="offplane-title">Off-plane distance ‖θ_t − projection‖</div>
      {opt.map((id) => (
        <div className="offplane-row" key={id} data-run={id}>
          <span className="name" style={{ color: runColor(id) }}>
            {runs[id] ? runLabel(runs[id]) : ''}
          </span>
          <span className="gauge" role="meter" aria-valuemin={0} aria-valuemax={100} aria-label={`${runs[id] ? runLabel(runs[id]) : ''}: share of the distance from the centre that is off the plane`}>
            <span
              className="fill"
              style={{ background: runColor(id) }}
              ref={(bar) => {
                const r = rows.current.get(id) ?? { value: null, bar: null };
                r.bar = bar;
                rows.current.set(id, r);
              }}
            />
          </span>
          <span
            className="value"
            ref={(value) => {
              const r = rows.current.get(id) ?? { value: null, bar: null };
              r.value = value;
              rows.current.set(id, r);
            }}
          />
        </div>
      ))}
    </div>
  );
}
