import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppState } from '../../state/store';
import { useApp } from '../AppContext';
import { summarySentence } from './summarySentence';

/** Quiet time after the last change before the summary is announced. */
export const SETTLE_MS = 600;

/**
 * A polite live region: after a change settles (every run in, nothing new for SETTLE_MS) it says what
 * happened, once per distinct outcome, so a screen reader is not flooded while a slider moves.
 */
export function LiveSummary() {
  // The sentence itself is selected (a string): a summary write that does not change it does not re-render.
  // Built again only when its inputs change: the selector runs on every store write (each playback frame).
  const select = useMemo(() => {
    let last: { runs: unknown; summaries: unknown; steps: number; text: string | null } | null = null;
    return (s: AppState) => {
      const { runs, steps } = s.experiment;
      if (last?.runs !== runs || last.summaries !== s.runs || last.steps !== steps) last = { runs, summaries: s.runs, steps, text: summarySentence(runs, s.runs, steps) };
      return last.text;
    };
  }, []);
  const text = useApp(select);
  const [said, setSaid] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    if (text === null || text === said) return;
    timer.current = setTimeout(() => setSaid(text), SETTLE_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [text, said]);
  return (
    <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-summary>
      {said}
    </p>
  );
}
