import { useEffect, useRef, useState } from 'react';
import { useServices } from '../../AppContext';
import { canvasScale } from '../../useCanvasSize';
import { offscreenViews } from '../renderers';
import { Surface3DFrame } from '../Surface3D';
import type { PanelEvent } from './messages';
import { render3dMirror, type PanelHandle } from './mirror';

/** The events the scene handles (its orbit controls and the start drag), forwarded to the worker. */
const FORWARDED = ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'pointerleave', 'lostpointercapture', 'wheel', 'click', 'dblclick', 'contextmenu'] as const;

function panelEvent(e: PointerEvent | WheelEvent | MouseEvent, box: DOMRect): PanelEvent {
  const p = e as Partial<PointerEvent> & Partial<WheelEvent> & MouseEvent;
  return {
    type: e.type,
    pointerId: p.pointerId ?? 1,
    pointerType: p.pointerType ?? 'mouse',
    isPrimary: p.isPrimary ?? true,
    button: e.button,
    buttons: e.buttons,
    altKey: e.altKey,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    shiftKey: e.shiftKey,
    clientX: e.clientX,
    clientY: e.clientY,
    // From the panel's box, not the event's target: a captured pointer moving outside keeps its coordinates.
    offsetX: e.clientX - box.left,
    offsetY: e.clientY - box.top,
    pageX: e.pageX,
    pageY: e.pageY,
    deltaX: p.deltaX ?? 0,
    deltaY: p.deltaY ?? 0,
    deltaMode: p.deltaMode ?? 0,
    timeStamp: e.timeStamp,
  };
}

/**
 * The 3D view rendered in a worker (offscreen/render3d.worker.tsx): the same box as Surface3D (labels,
 * keyboard orbit, colour bar), with a canvas whose drawing is transferred to the worker. Its pointer events
 * and size go to the worker; the axis labels' places and the field of view come back.
 */
export function OffscreenSurface3D({ runs, label }: { runs: readonly number[]; label: string }) {
  const { store, live } = useServices();
  const host = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const labels = useRef<(HTMLElement | null)[]>([]);
  const panel = useRef<PanelHandle | null>(null);
  const [ready, setReady] = useState(false);
  const [lost, setLost] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const runsRef = useRef(runs);
  runsRef.current = runs;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // A new canvas per mount: a canvas's drawing can be transferred once.
    const canvas = document.createElement('canvas');
    canvas.className = 'offscreen-3d';
    el.append(canvas);
    let first = true;
    const sizeOf = () => ({ width: Math.max(1, el.clientWidth), height: Math.max(1, el.clientHeight), dpr: canvasScale() });
    const handle = render3dMirror(store, live).mount(canvas.transferControlToOffscreen(), sizeOf(), runsRef.current, {
      // Ready (data-gl, which the browser tests wait for) once the first frame is drawn and its labels placed.
      drawn: () => void (first && ((first = false), setReady(true))),
      fov: (fov) => void (host.current && (host.current.dataset.fov = String(fov))),
      labels(writes) {
        for (const [i, transform, visibility] of writes) {
          const l = labels.current[i];
          if (!l) continue;
          l.style.transform = transform;
          l.style.visibility = visibility;
        }
      },
      lost: setLost,
      error: setFailed,
    });
    panel.current = handle;
    offscreenViews.set(canvas, { picture: (scale) => handle.picture(scale) });
    const ro = new ResizeObserver(() => handle.setSize(sizeOf()));
    ro.observe(el);
    const lro = new ResizeObserver(() => handle.setLabelWidths(labels.current.map((l) => l?.getBoundingClientRect().width ?? 0)));
    for (const l of labels.current) if (l) lro.observe(l);
    const forward = (e: Event) => {
      const ev = e as PointerEvent;
      if (e.type === 'pointerdown') canvas.setPointerCapture(ev.pointerId);
      if (e.type === 'wheel' || e.type === 'contextmenu') e.preventDefault();
      handle.event(panelEvent(ev, canvas.getBoundingClientRect()));
    };
    for (const name of FORWARDED) canvas.addEventListener(name, forward, { passive: name !== 'wheel' && name !== 'contextmenu' });
    return () => {
      ro.disconnect();
      lro.disconnect();
      for (const name of FORWARDED) canvas.removeEventListener(name, forward);
      offscreenViews.delete(canvas);
      handle.unmount();
      panel.current = null;
      canvas.remove();
    };
  }, [store, live]);

  useEffect(() => panel.current?.setRuns(runs), [runs]);

  return (
    <Surface3DFrame label={label} className="surface3d offscreen" ready={ready} labels={labels} lost={lost} host={host}>
      <div className="gl-host" ref={box} />
      {failed && (
        <div className="panel-error" role="alert">
          The 3D view could not render: {failed}
        </div>
      )}
    </Surface3DFrame>
  );
}
