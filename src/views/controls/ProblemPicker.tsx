import { useId } from 'react';
import { PLANE_CATALOG, planeEntryOf } from '../../url/planeCatalog';
import type { ProblemKind } from '../../protocol/experiment';
import { useApp, useServices } from '../AppContext';
import { TextField } from './TextField';

/**
 * The surface menu (every plane problem of the registry, then the MLP lab), the chosen surface's formula
 * and lesson, and its own settings as fields generated from its declaration (`curv`, `angle`), each
 * read through the URL table like a link.
 */
export function ProblemPicker() {
  const { editor } = useServices();
  const id = useId();
  const problem = useApp((s) => s.experiment.problem);
  const surface = useApp((s) => (s.experiment.problem !== 'mlp' ? s.experiment.surface : null));
  const entry = planeEntryOf(problem);
  return (
    <div className="problem-picker">
      <label htmlFor={id} className="picker-label">
        Surface
      </label>
      <select id={id} value={problem} onChange={(ev) => editor?.switchLab(ev.currentTarget.value as ProblemKind)}>
        <optgroup label="Two parameters (w, b)">
          {PLANE_CATALOG.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </optgroup>
        <optgroup label="Networks">
          <option value="mlp">Multilayer perceptron</option>
        </optgroup>
      </select>
      {entry && (
        <p className="formula" data-problem={entry.id}>
          {entry.formula}
          <span className="lesson"> — {surface ? entry.lessonFor(surface) : entry.lesson}</span>
        </p>
      )}
      {entry &&
        surface &&
        editor &&
        entry.fields.map((f) => (
          <TextField
            key={f.key}
            label={`${f.spec.label}${f.spec.unit ? ` (${f.spec.unit})` : ''}`}
            value={f.format(surface[f.key] ?? f.fallback)}
            hint={`${f.key}: ${f.bounds}`}
            inputMode={f.spec.count === 1 ? 'decimal' : 'text'}
            onApply={(raw) => editor.edit({ [f.key]: raw })}
          />
        ))}
    </div>
  );
}
