/**
 * When the page reloads into a new build (src/pwa.ts): only when the service worker that controls the page
 * changes, never when the first visit's worker takes control of a page that had none, and once.
 */
export interface ReloadGate {
  /** navigator.serviceWorker's 'controllerchange'. */
  controllerChanged(): void;
  /** A new worker activated over an old one (workbox-window's 'activated' with isUpdate or isExternal). */
  newWorkerActive(): void;
}

export function reloadGate(controlledAtStart: boolean, reload: () => void): ReloadGate {
  let controlled = controlledAtStart;
  let done = false;
  const maybe = () => {
    if (!controlled || done) return;
    done = true;
    reload();
  };
  return {
    controllerChanged() {
      maybe();
      controlled = true;
    },
    newWorkerActive: maybe,
  };
}
