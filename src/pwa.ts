/// <reference types="vite-plugin-pwa/vanillajs" />
import { registerSW } from 'virtual:pwa-register';
import { reloadGate } from './offlineGate';
import { viewsShown } from './views/firstPaint';

/**
 * Offline: registers the service worker that vite-plugin-pwa builds (workbox precaching of the whole build:
 * page, engine and band worker chunks, styles, KaTeX's fonts), from this module file, since the CSP allows
 * no inline script. A new build installs in the background on the next visit, takes over at once
 * (skipWaiting + clientsClaim) and the page reloads into it: the state is in the link, which is flushed
 * first. The page says what happened in a small toast out of the flow (it never moves the layout) that
 * never takes a pointer event and lies over no control: fixed in the bottom-right corner on a wide
 * screen, at the top of the page right of the title on a phone (styles.css).
 */

export type OfflineState = 'offline-ready' | 'updated' | 'offline';

export const OFFLINE_MESSAGES: Record<OfflineState, string> = {
  'offline-ready': 'Ready to work offline',
  updated: 'Updated to a new version',
  offline: 'Offline: running from the saved copy',
};

/** Set just before the reload into a new build, read (and cleared) by the page that build loads. */
const UPDATED_KEY = 'downhill:updated';
/** How long a message stays on screen. */
const SHOWN_MS = 8000;

export interface OfflineOptions {
  /** True where no toast should show (an embedded view: its frame is small); the worker registers all the same. */
  quiet(): boolean;
  /** Called before the page reloads into a new build (writes pending link changes). */
  beforeReload(): void;
}

export function startOffline({ quiet, beforeReload }: OfflineOptions): void {
  if (!('serviceWorker' in navigator)) return;
  const toast = createToast(quiet);
  if (takeFlag()) toast.say('updated');
  // A page that a worker controls, and whose controller changes, is an old build's page under the new
  // build's worker: reload into the new build. The first visit's worker taking control is no update. The
  // listener is set here, before the load event, so a fast update is not missed; registerSW's own
  // 'activated' callback comes to the same place.
  const gate = reloadGate(navigator.serviceWorker.controller !== null, () => {
    beforeReload();
    setFlag();
    location.reload();
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => gate.controllerChanged());
  // Registers once the contour plot and the 3D view have drawn their first surface (firstPaint.ts), and
  // after the page's load event: the precache's download and compilation of the whole build (2 MiB) do not
  // compete with the first paints for the cores.
  void viewsShown.then(() =>
    registerSW({
      onOfflineReady: () => toast.say('offline-ready'),
      onNeedReload: () => gate.newWorkerActive(),
      // A browser that refuses service workers (private modes, storage off) still runs the app online.
      onRegisterError: (e: unknown) => console.warn('Downhill: offline copy not available:', e),
    }),
  );
  const offline = () => {
    if (navigator.serviceWorker.controller) toast.say('offline');
  };
  if (!navigator.onLine) offline();
  window.addEventListener('offline', offline);
}

interface Toast {
  say(state: OfflineState): void;
}

/**
 * One live region, present from the start (so a screen reader announces what is written into it), out of
 * the flow (fixed to the viewport's corner, or on a phone over the title's line): what it shows never
 * reflows the page. `data-offline` keeps the last state said.
 */
function createToast(quiet: () => boolean): Toast {
  const el = document.createElement('div');
  el.className = 'offline-toast';
  el.setAttribute('aria-live', 'polite');
  document.body.append(el);
  let timer: number | undefined;
  return {
    say(state) {
      if (quiet()) return;
      el.classList.add('shown');
      el.dataset.offline = state;
      el.textContent = OFFLINE_MESSAGES[state];
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        el.classList.remove('shown');
        el.textContent = '';
      }, SHOWN_MS);
    },
  };
}

function takeFlag(): boolean {
  try {
    const set = sessionStorage.getItem(UPDATED_KEY) !== null;
    sessionStorage.removeItem(UPDATED_KEY);
    return set;
  } catch {
    return false;
  }
}

function setFlag(): void {
  try {
    sessionStorage.setItem(UPDATED_KEY, '1');
  } catch {
    // No session storage: the new build loads all the same, without its notice.
  }
}
