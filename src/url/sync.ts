import { viewOfState, type AppStore } from '../state/store';
import { decodeAny, encode } from './codec';

export interface UrlSyncOptions {
  /** Quiet time after the last change before the URL is rewritten (ms)… */
  readonly delay?: number;
  /** …and never sooner than this after the previous write (ms): browsers throttle replaceState past ~2
   * per second. A change waits at most max(minInterval, 2·delay) even while changes keep coming. */
  readonly minInterval?: number;
}

/** The fragment for the store's current state. */
export function fragmentOf(store: AppStore): string {
  const s = store.getState();
  return encode({ experiment: s.experiment, view: viewOfState(s) });
}

/**
 * Keeps location.hash equal to the store's state: rewrites it with history.replaceState (never a new
 * history entry), debounced; and applies a hash the user pastes or edits (hashchange) back to the store.
 * Returns `flush` (write now, e.g. before copying the link) and `stop`.
 */
export function startUrlSync(store: AppStore, opts: UrlSyncOptions = {}): { flush(): string; stop(): void } {
  const delay = opts.delay ?? 250;
  const minInterval = opts.minInterval ?? 500;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWrite = -Infinity;
  let written = location.hash.slice(1);

  const write = (): string => {
    timer = null;
    // The user changed the address since our last write and its hashchange has not run yet: their
    // link wins; overwriting it here would make onHash see our own text and drop their change.
    if (location.hash.slice(1) !== written) {
      onHash();
      return written;
    }
    const frag = fragmentOf(store);
    lastWrite = performance.now();
    if (frag !== written) {
      written = frag;
      history.replaceState(history.state, '', `#${frag}`);
    }
    return frag;
  };

  // Debounced, but a continuous drag still updates the address every minInterval (≤ 2 writes a second).
  let firstChange = -Infinity;
  const schedule = () => {
    const now = performance.now();
    if (timer !== null) clearTimeout(timer);
    else firstChange = now;
    const maxWait = Math.max(minInterval, 2 * delay);
    const target = Math.max(Math.min(now + delay, firstChange + maxWait), lastWrite + minInterval);
    timer = setTimeout(write, Math.max(0, target - now));
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment !== prev.experiment || s.layout !== prev.layout || s.guess !== prev.guess || s.guesses !== prev.guesses || s.hide !== prev.hide || s.embed !== prev.embed || s.show !== prev.show || s.scene !== prev.scene || s.off !== prev.off || s.theory !== prev.theory || s.t !== prev.t || s.camera !== prev.camera) schedule();
  });

  const onHash = () => {
    const frag = location.hash.slice(1);
    if (frag === written) return;
    const { shared, notices } = decodeAny(frag);
    written = frag;
    const st = store.getState();
    st.dismissNotices('url');
    store.setState({ experiment: shared.experiment, layout: shared.view.layout, guess: shared.view.guess, guesses: shared.view.guesses, hide: shared.view.hide, embed: shared.view.embed, show: shared.view.show, scene: shared.view.scene, off: shared.view.off, theory: shared.view.theory, t: shared.view.t, camera: shared.view.camera });
    for (const n of notices) st.notify({ ...n, source: 'url' });
  };
  window.addEventListener('hashchange', onHash);

  return {
    flush() {
      if (timer !== null) clearTimeout(timer);
      return write();
    },
    stop() {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      window.removeEventListener('hashchange', onHash);
    },
  };
}
