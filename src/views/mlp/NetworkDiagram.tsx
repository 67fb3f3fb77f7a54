import { memo, useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { useApp, useServices } from '../AppContext';
import { runLabel } from '../../url/runCatalog';
import { runColor } from '../colors';
import { frameScheduler } from '../useCanvasSize';
import { STREAM_GAP_MS, useViewChanges } from '../useLive';
import { setAttr, setText } from '../domWrite';
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
  const { editor, live, store } = useServices();
  // Each field on its own (setExperiment keeps a field's identity while it is equal), so an edit of η or the
  // seed does not re-render the diagram: React's commit of its ~300 SVG elements took 2–3 ms of the press.
  const layers = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.layers : null));
  const runs = useApp((s) => s.experiment.runs);
  const fullPair = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.pair : null));
  const slice = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.slice : null));
  const [which, setWhich] = useState<number | null>(null);
  const [axis, setAxis] = useState<0 | 1>(0);
  const params = useMemo(() => (layers ? netParams(layers) : []), [layers]);
  const shownId = which !== null && which < runs.length ? which : runs.length > 0 ? 0 : null;
  // The weights change per playback frame: they are written into the SVG here, outside React (one
  // render per structure change, not per frame).
  const refs = useRef<NetRefs>({ edges: new Map(), units: new Map(), tip: null });
  const stepText = useRef<HTMLSpanElement>(null);
  const shownRef = useRef(shownId);
  shownRef.current = shownId;
  const painted = useRef('');
  /** θ of the network shown; an element's tooltip is written from it when the pointer comes over it, not per view. */
  const shownTheta = useRef<Float64Array | null>(null);
  // One tooltip for the diagram, moved into the element under the pointer: a <title> per element (~120)
  // made every history.replaceState of the link take up to 15 ms in Chromium instead of 0.8.
  const titleOf = useCallback((index: number, group: Element) => {
    const p = params.find((q) => q.index === index);
    if (!p) return;
    // Made here, not by React: moved between React's elements, it is none of theirs to reconcile.
    const el = (refs.current.tip ??= document.createElementNS('http://www.w3.org/2000/svg', 'title'));
    const value = shownTheta.current ? shownTheta.current[index]! : NaN;
    setText(el, `${p.label} = ${Number.isFinite(value) ? Number(value.toPrecision(4)) : '…'} (θ[${p.index}])`);
    if (el.parentNode !== group) group.prepend(el);
  }, [params]);
  const paint = useMemo(
    () =>
      frameScheduler(() => {
        const v = live.view;
        const n = params.length;
        const id = shownRef.current;
        const k = v && id !== null ? v.runs.indexOf(id) : -1;
        const theta = v && k >= 0 && v.thetas.length >= (k + 1) * n ? v.thetas.subarray(k * n, (k + 1) * n) : null;
        const pair = (() => {
          const x = store.getState().experiment;
          return x.problem === 'mlp' && x.slice === 'params' ? x.pair : null;
        })();
        // A view reply that leaves the shown network where it was (its run finished earlier) changes nothing here.
        const key = `${v?.runId}|${id}|${k >= 0 ? v!.steps[k] : -1}|${pair}|${n}`;
        if (painted.current === key) return;
        painted.current = key;
        shownTheta.current = theta;
        let maxW = 0;
        let maxB = 0;
        if (theta) {
          for (const p of params) {
            const a = Math.abs(theta[p.index]!);
            if (!Number.isFinite(a)) continue;
            if (p.kind === 'weight') maxW = Math.max(maxW, a);
            else maxB = Math.max(maxB, a);
          }
        }
        const { edges, units } = refs.current;
        for (const p of params) {
          const value = theta ? theta[p.index]! : NaN;
          const on = pair !== null && pair.includes(p.index);
          const mag = Number.isFinite(value) ? Math.abs(value) : 0;
          if (p.kind === 'weight') {
            const line = edges.get(p.index);
            if (!line) continue;
            const width = theta && maxW > 0 ? 0.4 + 3.6 * Math.min(1, mag / maxW) : 0.8;
            setAttr(line, 'stroke', on ? '#111827' : theta ? signColor(value) : '#cbd5e1');
            setAttr(line, 'stroke-width', (on ? Math.max(2.5, width) : width).toFixed(2));
          } else {
            const circle = units.get(p.index);
            if (!circle) continue;
            const shade = theta && maxB > 0;
            setAttr(circle, 'fill', shade ? signColor(value) : '#f8fafc');
            setAttr(circle, 'fill-opacity', (shade ? 0.25 + 0.75 * Math.min(1, mag / maxB) : 1).toFixed(3));
          }
        }
        if (stepText.current) setText(stepText.current, v && k >= 0 ? `step ${v.steps[k]}` : '');
      }),
    [live, store, params],
  );
  useEffect(() => {
    // A new structure (new elements) or another run: paint again even if the view is the same.
    painted.current = '';
    paint();
  }, [paint, shownId, fullPair, slice, layers]);
  useViewChanges(paint, STREAM_GAP_MS);
  // A new callback only when a click changes the axis or the pair (the drawing re-renders for those anyway).
  const pick = useCallback(
    (p: NetParam) => {
      if (!fullPair) return;
      const other = fullPair[1 - axis]!;
      const next: [number, number] = axis === 0 ? [p.index, other] : [other, p.index];
      // Picking the parameter already on the other axis swaps the two.
      if (next[0] === next[1]) next[axis === 0 ? 1 : 0] = fullPair[axis]!;
      editor?.edit({ slice: 'params', pair: `${next[0]},${next[1]}` });
      setAxis(axis === 0 ? 1 : 0);
    },
    [editor, fullPair, axis],
  );
  if (!layers) return null;

  return (
    <div className="network">
      <div className="network-tabs" role="radiogroup" aria-label="Weights of">
        {runs.map((run, id) => (
          <label key={id} style={{ color: runColor(id) }}>
            <input type="radio" name="network-of" checked={shownId === id} onChange={() => setWhich(id)} />
            {runLabel(run)}
          </label>
        ))}
        <span className="network-step" ref={stepText} />
      </div>
      <NetSvg layers={layers} params={params} pair={slice === 'params' ? fullPair : null} refs={refs} onPick={pick} onOver={titleOf} />
      <p className="hint">
        Click an edge (weight) or a unit (its bias) to put it on the <strong>{axis === 0 ? 'a' : 'b'}</strong> axis of a two-parameter slice
        (or choose them in the Axis lists of the controls).
      </p>
    </div>
  );
}

interface NetRefs {
  readonly edges: Map<number, SVGLineElement | null>;
  readonly units: Map<number, SVGCircleElement | null>;
  /** The diagram's one tooltip (NetworkDiagram's titleOf moves it to the element hovered). */
  tip: SVGTitleElement | null;
}

interface NetSvgProps {
  readonly layers: readonly number[];
  readonly params: readonly NetParam[];
  /** The two parameters on the slice's axes, when the slice is "two parameters". */
  readonly pair: readonly [number, number] | null;
  readonly refs: MutableRefObject<NetRefs>;
  readonly onPick: (p: NetParam) => void;
  readonly onOver: (index: number, group: Element) => void;
}

/** The diagram's elements: re-rendered when the structure or the sliced pair changes, never per edit or frame. */
const NetSvg = memo(function NetSvg({ layers, params, pair, refs, onPick, onOver }: NetSvgProps) {
  const biasOf = useMemo(() => {
    const m = new Map<string, NetParam>();
    for (const p of params) if (p.kind === 'bias') m.set(`${p.layer}-${p.row}`, p);
    return m;
  }, [params]);
  const { edges, units } = refs.current;
  const cols = layers.length;
  const x = (l: number) => PAD + ((W - 2 * PAD) * l) / (cols - 1);
  const y = (l: number, u: number) => {
    const m = layers[l]!;
    const step = Math.min(22, (H - 2 * PAD) / Math.max(1, m - 1));
    return H / 2 + (u - (m - 1) / 2) * step;
  };
  const onSlice = (i: number) => (pair ? pair.indexOf(i) : -1);
  const tag = (s: number, tx: number, ty: number) =>
    s >= 0 && (
      <text x={tx} y={ty} className="axis-tag">
        {s === 0 ? 'a' : 'b'}
      </text>
    );
  return (
    <svg
      className="network-svg"
      onPointerOver={(ev) => {
        const g = (ev.target as Element).closest('[data-index]');
        const index = g ? Number(g.getAttribute('data-index')) : NaN;
        if (g && Number.isInteger(index)) onOver(index, g);
      }}
      viewBox={`0 0 ${W} ${H}`} role="group" aria-label={`Network ${layers.join('-')}; edges show the weights, click one to slice along it`}>
      {params.map((p) => {
        if (p.kind !== 'weight') return null;
        const s = onSlice(p.index);
        const x1 = x(p.layer - 1);
        const y1 = y(p.layer - 1, p.col);
        const x2 = x(p.layer);
        const y2 = y(p.layer, p.row);
        return (
          <g key={p.index} className={`edge${s >= 0 ? ' on-slice' : ''}`} data-index={p.index} onClick={() => onPick(p)}>
            <line ref={(el) => void edges.set(p.index, el)} x1={x1} y1={y1} x2={x2} y2={y2} strokeOpacity={s >= 0 ? 1 : 0.8} />
            <line className="hit" x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={7} />
            {tag(s, (x1 + x2) / 2, (y1 + y2) / 2 - 3)}
          </g>
        );
      })}
      {layers.map((m, l) =>
        Array.from({ length: m }, (_, u) => {
          const bias = l > 0 ? biasOf.get(`${l}-${u}`)! : null;
          const s = bias ? onSlice(bias.index) : -1;
          return (
            <g key={`${l}-${u}`} className={`unit${bias ? ' has-bias' : ''}${s >= 0 ? ' on-slice' : ''}`} data-index={bias?.index} onClick={bias ? () => onPick(bias) : undefined}>
              <circle
                ref={bias ? (el) => void units.set(bias.index, el) : undefined}
                cx={x(l)}
                cy={y(l, u)}
                r={6}
                fill="#f8fafc"
                stroke={s >= 0 ? '#111827' : '#64748b'}
                strokeWidth={s >= 0 ? 2.5 : 1}
              />
              {tag(s, x(l), y(l, u) - 9)}
            </g>
          );
        }),
      )}
    </svg>
  );
});
