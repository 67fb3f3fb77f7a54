// First: starts the engine worker before anything else is evaluated (engineWorker.ts).
import { spawnEngine } from './engineWorker';
import { StrictMode, startTransition, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBridge } from './bridge/bridge';
import { createLive } from './bridge/live';
import { createStepReader } from './lab/stepView';
import { createTheoryReader } from './lab/pointTheory';
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
import { rendererMemory } from './views/surface3d/renderers';
import './styles.css';

const { shared, notices } = decodeAny(location.hash);
const store = createAppStore(
  shared,
  notices.map((n) => ({ ...n, source: 'url' as const })),
);
if (store.getState().experiment.problem === 'mlp') preloadMlpViews();
const live = createLive();
watchFirstPaint(live);
const bridge = createBridge({ store, live, spawn: spawnEngine, layersWanted: false, equationsShown: false });
const url = startUrlSync(store);
const editor = createEditor(store);
const theory = createTheoryReader();
const steps = createStepReader();
startPlayer(store);
url.flush();
startOffline({ quiet: () => store.getState().embed !== null, beforeReload: url.flush });

/** Handles for the browser tests and the benchmark (read-only use; fault injection goes through the real worker). */
Object.assign(window, { __downhill: { store, live, bridge, flushUrl: url.flush, editor, theory, steps, rendererMemory } });

// A transition: React renders the page in slices of a few milliseconds, and between them the browser
// starts the engine worker and hands it the first run (both need a turn of the main thread), instead of
// after the whole first render.
/** Tells firstPaint.ts when React has committed the page. */
function Mounted({ children }: { children: ReactNode }) {
  useEffect(markPageMounted, []);
  return children;
}

const root = createRoot(document.getElementById('root')!);
startTransition(() =>
  root.render(
    <StrictMode>
      <AppContext.Provider value={{ store, live, bridge, flushUrl: url.flush, editor, theory, steps }}>
        <Mounted>
          <App />
        </Mounted>
      </AppContext.Provider>
    </StrictMode>,
  ),
);
