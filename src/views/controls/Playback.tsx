import { useEffect, useId, useRef } from 'react';
import { useApp, useServices } from '../AppContext';
import { usePlayShortcut } from './usePlayShortcut';

const SPEEDS = [10, 30, 100, 300, 1000, 3000];

/**
 * Play/pause (K or Space, usePlayShortcut.ts), single steps, a scrubber and speed. The scrubber and step readout follow t through a
 * store subscription, not React state, so playback does not re-render the page every frame.
 */
export function Playback() {
  const { store } = useServices();
  const playing = useApp((s) => s.playing);
  const steps = useApp((s) => s.experiment.steps);
  const speed = useApp((s) => s.speed);
  const scrub = useRef<HTMLInputElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const id = useId();
  usePlayShortcut(store);

  useEffect(() => {
    const show = (t: number, n: number) => {
      if (scrub.current) {
        scrub.current.max = String(n);
        scrub.current.value = String(t);
      }
      if (readout.current) readout.current.textContent = `step ${t} / ${n}`;
    };
    const s0 = store.getState();
    show(s0.t, s0.experiment.steps);
    return store.subscribe((s, p) => {
      if (s.t !== p.t || s.experiment.steps !== p.experiment.steps) show(s.t, s.experiment.steps);
    });
  }, [store]);

  const st = () => store.getState();
  return (
    <section className="playback" aria-label="Playback">
      <button type="button" onClick={() => st().setPlaying(!playing)} aria-label={playing ? 'Pause' : 'Play'} aria-keyshortcuts="k" title="Play/pause: K, or Space outside fields and buttons">
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" onClick={() => st().setT(st().t - 1)} aria-label="Step back">
        ◀︎ 1
      </button>
      <button type="button" onClick={() => st().setT(st().t + 1)} aria-label="Step forward">
        1 ▶︎
      </button>
      <label htmlFor={id} className="visually-hidden">
        Playback step
      </label>
      <input
        id={id}
        ref={scrub}
        type="range"
        min={0}
        max={steps}
        step={1}
        defaultValue={st().t}
        onChange={(e) => {
          st().setPlaying(false);
          st().setT(Number(e.currentTarget.value));
        }}
      />
      <span ref={readout} className="readout" aria-live="off" />
      <label className="speed">
        Speed
        <select value={speed} onChange={(e) => st().setSpeed(Number(e.currentTarget.value))}>
          {SPEEDS.map((v) => (
            <option key={v} value={v}>
              {v} steps/s
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
