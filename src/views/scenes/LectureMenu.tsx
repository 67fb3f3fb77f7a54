import { SCENES } from '../../url/scenes';
import { useApp } from '../AppContext';

const LECTURES = [...new Set(SCENES.map((s) => s.lecture))];

/**
 * The Lectures menu: the ready scenes grouped by lecture. Choosing one opens its link (as `#scene=<id>`,
 * which the URL sync reads like any pasted link), so the address holds the scene and its caption.
 */
export function LectureMenu() {
  const scene = useApp((s) => s.scene);
  return (
    <label className="lecture-menu">
      <span>Lectures</span>{' '}
      <select
        aria-label="Lecture scenes"
        value={scene ?? ''}
        onChange={(e) => {
          const id = e.currentTarget.value;
          if (id) location.hash = `scene=${id}`;
        }}
      >
        <option value="">Choose a scene…</option>
        {LECTURES.map((l) => (
          <optgroup key={l} label={l}>
            {SCENES.filter((s) => s.lecture === l).map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
