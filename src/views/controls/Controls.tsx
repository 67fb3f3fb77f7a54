import { useCallback, useMemo } from 'react';
import type { TheoryView } from '../../lab/pointTheory';
import { MLP_MAX_STEPS } from '../../url/mlpFields';
import { FIELDS } from '../../url/table';
import { useApp, useServices } from '../AppContext';
import { LogSlider } from './LogSlider';
import { Slider } from './Slider';
import { EtaNote } from './EtaNote';
import { ProblemPicker } from './ProblemPicker';
import { theoryNumber } from '../theory/theoryFormat';
import { useTheory } from '../theory/useTheory';

/**
 * The surface menu (ProblemPicker), the hyperparameter sliders (η and steps on log scales of round values), each with a
 * number field, and the layout switch. Every edit goes through the URL table (url/edit.ts), so it gets a
 * link's bounds and notices.
 */
export function Controls() {
  const { store, editor } = useServices();
  const gamma = useApp((s) => s.experiment.gamma);
  const steps = useApp((s) => s.experiment.steps);
  const layout = useApp((s) => s.layout);
  const problem = useApp((s) => s.experiment.problem);
  // The MLP keeps every θ_t of a path, so it runs at most MLP_MAX_STEPS steps (see the URL table).
  const maxSteps = problem === 'mlp' ? MLP_MAX_STEPS : FIELDS.steps.max;
  // Stable handlers: the sliders are memoised, so a move of one re-renders only it.
  const editEta = useCallback((raw: string) => editor?.edit({ eta: raw }), [editor]);
  const editGamma = useCallback((raw: string) => editor?.edit({ gamma: raw }), [editor]);
  const slideGamma = useCallback((v: number) => editor?.edit({ gamma: String(Number(v.toFixed(2))) }), [editor]);
  const editSteps = useCallback((raw: string) => editor?.edit({ steps: raw }), [editor]);
  return (
    <section className="controls" aria-label="Hyperparameters">
      <ProblemPicker />
      <EtaSlider onEdit={editEta} />
      <EtaNote />
      <Slider
        label="Momentum γ"
        value={gamma}
        min={FIELDS.gamma.min}
        max={FIELDS.gamma.max}
        step={0.01}
        display={String(gamma)}
        hint={FIELDS.gamma.bounds}
        onChange={slideGamma}
        onType={editGamma}
      />
      <LogSlider
        label="Steps"
        value={steps}
        min={FIELDS.steps.min}
        max={maxSteps}
        integer
        hint={`log scale, 1 to ${maxSteps}`}
        onEdit={editSteps}
      />
      <fieldset className="layout-switch">
        <legend>Layout</legend>
        {(['overlay', 'split'] as const).map((l) => (
          <label key={l}>
            <input type="radio" name="layout" value={l} checked={layout === l} onChange={() => store.getState().setLayout(l)} />
            {l === 'overlay' ? 'Overlay' : 'Side by side'}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

/** λ_max at the theory panel's point, to four digits (so the marks move only when it visibly changes); null where nothing curves up. */
const lambdaMax = (v: TheoryView | null): number | null => {
  // A slice's λ_max is not the network's (it curves more in directions the plane does not show): no marks in the MLP lab.
  if (v?.theory.plane) return null;
  const l = v?.theory.eigenvalues.at(-1);
  // Rounded only past what any label shows (12 digits), so the marks say what the theory panel says: rounding
  // λ to 4 digits first made 1/λ = 0.124351 read 0.1243 beside the panel's 0.1244.
  return l !== undefined && l > 0 && Number.isFinite(l) ? Number(l.toPrecision(12)) : null;
};

/** Whether the point is convex (no eigenvalue below −τ): η_opt is only marked there. */
const convexAt = (v: TheoryView | null): boolean => v?.theory.convex ?? false;

/**
 * The η slider with the theory's marks: its own component that reads η itself, so a move of it (or a mark
 * that moves during playback) re-renders only it, not the other controls.
 */
function EtaSlider({ onEdit }: { onEdit: (raw: string) => void }) {
  const eta = useApp((s) => s.experiment.eta);
  const marks = useEtaMarks();
  return <LogSlider label="Learning rate η" value={eta} min={FIELDS.eta.min} max={FIELDS.eta.max} hint={`log scale, ${FIELDS.eta.bounds}`} onEdit={onEdit} marks={marks} />;
}

/** No marks at this point, but room for them (the slider keeps its height as the point moves). */
const NO_MARKS: readonly [] = [];

/**
 * The η slider's marks at GD's η_opt = 1/λ_max and stability bound 2/λ_max of the point the theory
 * panel shows (lab/pointTheory.ts); none where λ_max ≤ 0 (no η is optimal at a cap or on the flat),
 * and only the bound where the point is not convex (a saddle has no optimal η). In the MLP lab there are
 * never any (see lambdaMax), and the slider keeps no room for them; elsewhere it always does, even while
 * the point has none, so dragging the start never changes the page's height above the views.
 */
function useEtaMarks() {
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  const lmax = useTheory(lambdaMax);
  const run = useTheory((v) => v?.run ?? -1);
  const convex = useTheory(convexAt);
  return useMemo(
    () =>
      mlp
        ? undefined
        : lmax === null
        ? NO_MARKS
        : [
            // At a saddle no η is optimal: only the bound of the directions that curve up is marked.
            ...(convex ? [{ value: 1 / lmax, kind: 'opt', label: '1/λ', title: `η_opt = 1/λ_max = ${theoryNumber(1 / lmax)} at run ${run + 1}'s point: GD's fastest step along the steepest direction` }] : []),
            { value: 2 / lmax, kind: 'max', label: '2/λ', title: `2/λ_max = ${theoryNumber(2 / lmax)} at run ${run + 1}'s point: GD diverges above it${convex ? '' : ' (along the directions that curve up)'}` },
          ],
    [mlp, lmax, run, convex],
  );
}
