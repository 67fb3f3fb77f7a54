import { useState } from 'react';
import type { RunSpec } from '../../protocol/experiment';
import { CATALOG, entryOf, formatRun, MAX_RUNS, runLabel } from '../../url/runCatalog';
import { useApp, useServices } from '../AppContext';
import { runColor } from '../colors';
import { RunEditor } from './RunEditor';

/**
 * The runs of the experiment, one row each: colour, label, show/hide, edit, duplicate, remove; and
 * "Add run". Every change is written as the link's `runs` and read back through the URL table
 * (url/edit.ts), so the list can only hold what a link can, and a refused value leaves it as it was.
 */
export function RunList() {
  const { editor, store } = useServices();
  const runs = useApp((s) => s.experiment.runs);
  const off = useApp((s) => s.off);
  const [editing, setEditing] = useState<number | null>(null);
  const [adding, setAdding] = useState(CATALOG[0]!.id);

  const write = (next: readonly RunSpec[], nextOff: readonly number[] = off) => {
    editor?.edit({ runs: next.map(formatRun).join(',') });
    if (store.getState().experiment.runs.length === next.length) store.getState().setOff(nextOff);
  };
  const remove = (i: number) => {
    write(runs.filter((_, j) => j !== i), off.filter((j) => j !== i).map((j) => (j > i ? j - 1 : j)));
    if (editing === i) setEditing(null);
    else if (editing !== null && editing > i) setEditing(editing - 1);
  };
  const duplicate = (i: number) => write([...runs.slice(0, i + 1), runs[i]!, ...runs.slice(i + 1)], off.map((j) => (j > i ? j + 1 : j)));
  const add = () => {
    write([...runs, { optimizer: adding, settings: {} }]);
    setEditing(runs.length);
  };

  return (
    <section className="run-list" aria-label="Runs">
      <h2>Runs</h2>
      <ol>
        {runs.map((run, i) => {
          const label = runLabel(run);
          return (
            <li key={i} data-run={i} className={off.includes(i) ? 'off' : ''}>
              <div className="run-row">
                <input type="checkbox" checked={!off.includes(i)} onChange={() => store.getState().toggleRun(i)} aria-label={`Show run ${i + 1}`} />
                <span className="swatch" style={{ background: runColor(i) }} aria-hidden="true" />
                <span className="run-label" title={label}>
                  {label}
                </span>
                <button type="button" aria-expanded={editing === i} aria-label={`Edit run ${i + 1}: ${label}`} onClick={() => setEditing(editing === i ? null : i)}>
                  Edit
                </button>
                <button type="button" aria-label={`Duplicate run ${i + 1}`} disabled={runs.length >= MAX_RUNS} onClick={() => duplicate(i)}>
                  Copy
                </button>
                <button type="button" aria-label={`Remove run ${i + 1}`} onClick={() => remove(i)}>
                  ✕
                </button>
              </div>
              {editing === i && entryOf(run.optimizer) && <RunEditor index={i} run={run} runs={runs} write={write} />}
            </li>
          );
        })}
      </ol>
      <div className="run-add">
        <label>
          <select value={adding} onChange={(e) => setAdding(e.currentTarget.value)} aria-label="Optimizer of the new run">
            {CATALOG.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={runs.length >= MAX_RUNS} onClick={add}>
          Add run
        </button>
        {runs.length >= MAX_RUNS && <span className="hint">at most {MAX_RUNS} runs</span>}
      </div>
    </section>
  );
}
