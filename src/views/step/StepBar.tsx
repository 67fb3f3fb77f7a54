import { useEffect, useRef } from 'react';
import type { OverlayId } from '../../protocol/experiment';
import { useApp, useServices } from '../AppContext';
import { RunSelect } from '../controls/RunSelect';
import { setText } from '../domWrite';
import { theoryNumber } from '../theory/theoryFormat';
import { useLiveChanges, useViewChanges } from '../useLive';
import { stepSentence } from './stepSentence';

const TOGGLES: readonly { id: OverlayId; text: string; title: string }[] = [
  { id: 'step', text: 'Step arrows', title: 'the step of the followed run at the playback step, part by part, on the contours and the surface' },
  { id: 'taylor', text: 'Tangent plane', title: 'the first-order Taylor model L(θ_t) + ∇L·(θ − θ_t) around the point, on the surface' },
  { id: 'quad', text: 'Second-order patch', title: 'the quadratic model L + ∇L·Δ + ½ΔᵀHΔ around the point, on the surface (what Newton minimises)' },
  { id: 'zoom', text: 'Magnify the step', title: 'an inset on the contours with the step and the paths around it magnified until the step fills it (the window stays as it is)' },
];

/**
 * The step overlays' switches (link `show=`), the run they follow (the theory panel's), and one line on
 * the step shown: what the tangent plane and the second-order model predict for ΔL against the actual
 * change. The line is written outside React (it follows playback frame by frame). In the MLP lab the
 * step comes with the worker's network view (lab/stepView.ts).
 */
export function StepBar() {
  const { store, live, steps } = useServices();
  const show = useApp((s) => s.show);
  const toggle = useApp((s) => s.toggleOverlay);
  const line = useRef<HTMLOutputElement>(null);
  const write = () => {
    const el = line.current;
    if (!el) return;
    const st = store.getState();
    const text = st.show.length === 0 ? '' : stepSentence(steps?.at(st, live) ?? null, theoryNumber);
    setText(el, text);
  };
  useLiveChanges(write);
  useViewChanges(write);
  useEffect(write);
  return (
    <div className="step-bar" role="group" aria-label="Step drawings">
      {TOGGLES.map((o) => (
        <label key={o.id} title={o.title}>
          <input type="checkbox" checked={show.includes(o.id)} onChange={(e) => toggle(o.id, e.currentTarget.checked)} /> {o.text}
        </label>
      ))}
      <RunSelect label="Run whose step is drawn" text="of" />
      <output ref={line} className="step-line" aria-live="off" />
    </div>
  );
}
