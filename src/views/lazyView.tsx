import { type ComponentType, type ReactNode, useEffect, useState } from 'react';

export interface LazyView<P> {
  (props: P): ReactNode;
  /** Starts loading the view's module (once; again after a failed load). */
  preload(): Promise<ComponentType<P>>;
}

/**
 * A view loaded on first use, like React.lazy but without Suspense: `fallback` shows until the module is
 * in, then the view replaces it in the next render; once loaded, every later mount renders it at once. A
 * failed load is thrown from render, for the nearest error boundary to show. React.lazy's Suspense
 * boundary held a resolved view back (React commits a boundary's content at least 300 ms after its
 * fallback showed, to batch reveals): on the first load that delayed the 3D view by 100–170 ms.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, fallback: (props: P) => ReactNode): LazyView<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (c) => (loaded = c),
      (err: unknown) => {
        loading = null;
        throw err;
      },
    ));
  function View(props: P) {
    const [view, setView] = useState<{ c: ComponentType<P> } | { error: unknown } | null>(() => (loaded ? { c: loaded } : null));
    useEffect(() => {
      if (view) return;
      let live = true;
      preload().then(
        (c) => live && setView({ c }),
        (error: unknown) => live && setView({ error }),
      );
      return () => {
        live = false;
      };
    }, [view]);
    if (view && 'error' in view) throw view.error instanceof Error ? view.error : new Error(String(view.error));
    if (!view) return fallback(props);
    const C = view.c;
    return <C {...props} />;
  }
  View.preload = preload;
  return View;
}
