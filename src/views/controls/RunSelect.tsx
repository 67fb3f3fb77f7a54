import { memo } from 'react';
import { runLabel } from '../../url/runCatalog';
import { useApp } from '../AppContext';

/**
 * The menu of the run the theory panel and the (η, γ) map follow (store.theory, `theory=` in the link):
 * one place, so both views always show and set the same run.
 */
export const RunSelect = memo(function RunSelect({ label, text }: { label: string; text: string }) {
  const runs = useApp((s) => s.experiment.runs);
  const theory = useApp((s) => s.theory);
  const setTheory = useApp((s) => s.setTheory);
  return (
    <label>
      {text}{' '}
      <select value={Math.min(theory, Math.max(0, runs.length - 1))} onChange={(e) => setTheory(Number(e.currentTarget.value))} aria-label={label}>
        {runs.map((r, i) => (
          <option key={i} value={i}>
            {i + 1}. {runLabel(r)}
          </option>
        ))}
      </select>
    </label>
  );
});
