// First: starts the engine worker before anything else is evaluated (engineWorker.ts).
import { spawnEngine } from './engineWorker';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBridge, STREAM_EMIT_MS } from './bridge/bridge';
import { VIEW_STREAM_GAP_MS } from './bridge/viewRequests';
import { createLive } from './bridge/live';
import { createStepReader } from './lab/stepView';
import { createTheoryReader, HOLD_MS, MLP_HOLD_MS } from './lab/pointTheory';
import { startPlayer } from './state/player';
import { createAppStore } from './state/store';
import { decodeAny } from './url/codec';
import { createEditor } from './url/edit';
import { startUrlSync } from './url/sync';
import { startOffline } from './pwa';
import { App } from './views/App';
import { AppContext } from './views/AppContext';
import { markPageMounted, watchFirstPaint } from './views/firstPaint';
import { preloadMlpViews } from './views/mlp/lazy';
import { rendererMemory, worker3d } from './views/surface3d/renderers';
import './styles.css';

const { shared, notices } = decodeAny(location.hash);
const store = createAppStore(
  shared,
  notices.map((n) => ({ ...n, source: 'url' as const })),
);
if (store.getState().experiment.problem === 'mlp') preloadMlpViews();
const live = createLive();
watchFirstPaint(live);
const bridge = createBridge({ store, live, spawn: spawnEngine, layersWanted: false, equationsShown: false, startMs: 15_000, viewStreamGapMs: VIEW_STREAM_GAP_MS, streamEmitMs: STREAM_EMIT_MS });
const url = startUrlSync(store);
const editor = createEditor(store);
const theory = createTheoryReader({ holdMs: HOLD_MS, mlpHoldMs: MLP_HOLD_MS });
const steps = createStepReader();
startPlayer(store);
url.flush();
startOffline({ quiet: () => store.getState().embed !== null, beforeReload: url.flush });

/** Handles for the browser tests and the benchmark (read-only use; fault injection goes through the real worker). */
Object.assign(window, { __downhill: { store, live, bridge, flushUrl: url.flush, editor, theory, steps, rendererMemory, worker3d } });

/** Tells firstPaint.ts when React has committed the page. */
function Mounted({ children }: { children: ReactNode }) {
  useEffect(markPageMounted, []);
  return children;
}

// Not in a transition: rendered in slices, the page committed later than the worker, started first, needed
// it to (A/B against a transition: cold contour 0.80×, warm service worker 0.84× without it).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppContext.Provider value={{ store, live, bridge, flushUrl: url.flush, editor, theory, steps }}>
      <Mounted>
        <App />
      </Mounted>
    </AppContext.Provider>
  </StrictMode>,
);
