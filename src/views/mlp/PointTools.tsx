import { useApp, useServices } from '../AppContext';

/**
 * What a press on a decision map does: add a point (of a class, for the 2-D sets) or move one. A mode, not
 * a pick radius: with 200 points a press almost always lands within a few pixels of one, so "add unless
 * on a point" nearly never added.
 */
export interface Editing {
  readonly mode: 'add' | 'move';
  /** The class a press adds (2-D sets). */
  readonly addClass: 0 | 1;
}

/** The mode switch above the maps and the restore button. */
export function PointTools({ inputs, editing, onChange }: { inputs: number; editing: Editing; onChange: (e: Editing) => void }) {
  const { editor } = useServices();
  const edits = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.drop.length + s.experiment.add.length : 0));
  const adds: readonly [string, Editing][] =
    inputs === 2
      ? [
          ['adds class 0', { mode: 'add', addClass: 0 }],
          ['adds class 1', { mode: 'add', addClass: 1 }],
        ]
      : [['adds a point', { mode: 'add', addClass: editing.addClass }]];
  const options: readonly [string, Editing][] = [...adds, ['moves a point', { mode: 'move', addClass: editing.addClass }]];
  return (
    <div className="point-tools">
      <span role="radiogroup" aria-label="A press on the map">
        A press:
        {options.map(([name, e]) => (
          <label key={name} className={e.mode === 'add' && inputs === 2 ? `class-${e.addClass}` : undefined}>
            <input
              type="radio"
              name="point-mode"
              checked={editing.mode === e.mode && (e.mode === 'move' || inputs !== 2 || editing.addClass === e.addClass)}
              onChange={() => onChange(e)}
            />
            {name}
          </label>
        ))}
      </span>
      <span className="hint">{editing.mode === 'add' ? 'press anywhere to add' : 'drag a point to move it, double-click to remove it'}</span>
      {/* Always there (disabled without edits), so the maps below never shift under the pointer. */}
      <button type="button" disabled={edits === 0} onClick={() => editor?.editPoints([], [])}>
        Restore the generated points
      </button>
    </div>
  );
}
