import type { ReactNode, RefObject } from 'react';
import { useServices } from '../AppContext';
import { lossText } from '../colorBar';
import { useLiveValue } from '../useLive';
import { ColorBarOverlay } from './ColorBarOverlay';
import { orbitByKey } from './keyOrbit';

const fmt = (v: number) => String(Number(v.toPrecision(3)));

/**
 * The 3D view's box, whatever renders its scene: keyboard orbit, the axis labels (elements the scene
 * places, `labels`), the context-lost message and the colour bar. `children` is the canvas. Its own module:
 * the view rendered in the worker (offscreen/) uses it without loading three.js on the page.
 */
export function Surface3DFrame({ label, className, ready, labels, lost, host, children }: { label: string; className: string; ready: boolean; labels: RefObject<(HTMLElement | null)[]>; lost: boolean; host: RefObject<HTMLDivElement | null>; children: ReactNode }) {
  const { store } = useServices();
  const axes = useLiveValue((live) => {
    const s = live.surface;
    if (!s) return '';
    const [x, y] = s.slice?.labels ?? ['w', 'b'];
    const r = s.range;
    // Labels joined by '|' (no label contains one); the loss label has two lines: it stands by the view's edge.
    return `${x}: ${fmt(r[0])} … ${fmt(r[1])}|${y}: ${fmt(r[2])} … ${fmt(r[3])}|loss:\n${lossText(s.min)} … ${lossText(s.max)}`;
  });
  const texts = axes ? axes.split('|') : ['', '', 'loss'];
  return (
    <>
      <div
        className={className}
        role="img"
        aria-label={`${label}; arrow keys orbit, + and − zoom`}
        aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown + -"
        data-gl={ready ? 'ready' : 'starting'}
        ref={host}
        tabIndex={0}
        onKeyDown={(e) => {
          const pose = orbitByKey(store.getState().camera, e.key, e.shiftKey);
          if (!pose || e.altKey || e.ctrlKey || e.metaKey) return;
          e.preventDefault();
          store.getState().setCamera(pose);
        }}
      >
        {children}
        {texts.map((t, i) => (
          <span key={i} className={i === 2 ? 'axis-label loss' : 'axis-label'} ref={(el) => void (labels.current[i] = el)}>
            {t}
          </span>
        ))}
        {lost && (
          <div className="panel-error" role="alert">
            The graphics context was lost; waiting for the browser to restore it…
          </div>
        )}
      </div>
      {/* Beside the view's element, not in it: over its top-right corner, positioned in the panel. */}
      <ColorBarOverlay />
    </>
  );
}

