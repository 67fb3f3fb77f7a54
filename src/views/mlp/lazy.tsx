import { lazyView } from '../lazyView';

/**
 * The MLP lab's views (decision maps, network diagram, off-plane gauge, per-layer chart, controls, slice
 * caption and progress bar: about 30 KB of script) in a chunk of their own, off the sigmoid lab's initial
 * JavaScript. main.tsx starts loading it before React renders when the link opens the MLP lab, so it is
 * in before the first run is; switching labs loads it then. Each placeholder is marked data-loading.
 */
let chunk: Promise<typeof import('./views')> | null = null;
const views = () => (chunk ??= import('./views').catch((err: unknown) => {
  chunk = null;
  throw err;
}));

/** Starts loading the MLP views' chunk (once). */
export function preloadMlpViews(): void {
  void views().catch(() => {});
}

const placeholder = (what: string) => () => (
  <p className="hint" role="status" data-loading="mlp">
    Loading the {what}…
  </p>
);
const nothing = () => <span hidden data-loading="mlp" />;

export const DecisionMap = lazyView(() => views().then((m) => m.DecisionMap), placeholder('decision maps'));
export const LayerGradients = lazyView(() => views().then((m) => m.LayerGradients), placeholder('gradients per layer'));
export const MlpControls = lazyView(() => views().then((m) => m.MlpControls), placeholder('network controls'));
export const NetworkDiagram = lazyView(() => views().then((m) => m.NetworkDiagram), placeholder('network diagram'));
export const OffPlaneGauge = lazyView(() => views().then((m) => m.OffPlaneGauge), nothing);
export const SliceCaption = lazyView(() => views().then((m) => m.SliceCaption), nothing);
export const SurfaceProgress = lazyView(() => views().then((m) => m.SurfaceProgress), nothing);
