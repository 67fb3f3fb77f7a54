import { useEffect, useState } from 'react';
import { viewsShown } from '../firstPaint';

export type Katex = typeof import('katex').default;

let loaded: Katex | null = null;
let loading: Promise<Katex> | null = null;

/**
 * Starts loading KaTeX (once; again after a failed load) and resolves with it. Not before the contour plot
 * and the 3D view have drawn the first surface (firstPaint.ts): the equations panel is below the first screen.
 */
export function loadKatex(): Promise<Katex> {
  loading ??= viewsShown.then(() => import('./katexModule')).then(
    (m) => (loaded = m.katex),
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/**
 * KaTeX once its chunk is in: null while it loads, 'failed' if it could not be loaded. The component
 * renders again when it arrives.
 */
export function useKatex(): Katex | null | 'failed' {
  const [katex, setKatex] = useState<Katex | null | 'failed'>(loaded);
  useEffect(() => {
    if (katex) return;
    let live = true;
    loadKatex().then(
      (k) => live && setKatex(() => k),
      () => live && setKatex('failed'),
    );
    return () => {
      live = false;
    };
  }, [katex]);
  return katex;
}
