import { findScene } from '../../url/scenes';
import { useApp } from '../AppContext';

/** The open scene's title and caption over the views, with a button that closes it (the state stays). */
export function SceneCaption() {
  const id = useApp((s) => s.scene);
  const close = useApp((s) => s.closeScene);
  const scene = id ? findScene(id) : undefined;
  if (!scene) return null;
  return (
    <section className="scene-caption" aria-label="Lecture scene">
      <p>
        <strong>{scene.title}</strong> <small>({scene.lecture})</small>
        <br />
        {scene.caption}
      </p>
      <button type="button" onClick={close} aria-label="Close the scene's caption">
        ✕
      </button>
    </section>
  );
}
