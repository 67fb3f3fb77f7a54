import { FIELDS } from '../../url/table';
import { useApp, useServices } from '../AppContext';
import { Slider } from './Slider';
import { TextField } from './TextField';

/**
 * What the link alone could set before: the sigmoid lab's start and window, and the surface grid of both
 * labs. Typed text goes through the URL table (url/edit.ts), with a link's bounds and notices.
 */
export function SurfaceControls() {
  const { editor } = useServices();
  // The fields shown, one by one (not the experiment: a new η must not re-render these controls).
  const start = useApp((s) => (s.experiment.problem !== 'mlp' ? s.experiment.start : null));
  const range = useApp((s) => (s.experiment.problem !== 'mlp' ? s.experiment.range : null));
  const grid = useApp((s) => s.experiment.grid);
  if (!editor) return null;
  const e = start && range ? { start, range } : null;
  return (
    <section className="controls surface-controls" aria-label="Start, window and grid">
      {e && (
        <>
          <TextField label="Start w, b" value={FIELDS.start.format([...e.start])} hint={`w,b: ${FIELDS.start.bounds}`} onApply={(raw) => editor.edit({ start: raw })} />
          <TextField
            label="Window w min, w max, b min, b max"
            value={FIELDS.range.format([...e.range])}
            hint={`wmin,wmax,bmin,bmax: ${FIELDS.range.bounds}`}
            onApply={(raw) => editor.edit({ range: raw })}
          />
        </>
      )}
      <Slider
        label="Grid (samples per side)"
        value={grid}
        min={FIELDS.grid.min}
        max={FIELDS.grid.max}
        step={FIELDS.grid.min}
        display={String(grid)}
        hint={FIELDS.grid.bounds}
        onChange={(v) => editor.edit({ grid: String(v) })}
        onType={(raw) => editor.edit({ grid: raw })}
      />
    </section>
  );
}
