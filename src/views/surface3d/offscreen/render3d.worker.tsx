/**
 * The 3D render worker: draws the 3D view's panels (Scene3D, the same scene as the page's own <Canvas>) on
 * OffscreenCanvases with @react-three/fiber, so neither three.js's rendering nor the browser's readback of
 * a software-rendered WebGL canvas runs on the page's main thread. The page mirrors its store and live
 * buffers into it and forwards the panels' pointer events (mirror.ts); actions the scene calls are run by
 * the page's store, whose changes come back as mirrored state.
 */
import { createEvents, createRoot, extend, useFrame, useThree, type ReconcilerRoot, type RootState } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import { createLive } from '../../../bridge/live';
import { createStepReader } from '../../../lab/stepView';
import { createAppStore } from '../../../state/store';
import { decodeAny } from '../../../url/codec';
import { AppContext, useApp, type AppServices } from '../../AppContext';
import type { LabelSink } from '../Axes3D';
import { BASE_FOV } from '../FitFov';
import { Scene3D } from '../Scene3D';
import { AsyncPresent } from '../AsyncPresent';
import { gateOf } from '../sceneFrame';
import { STREAM_GAP_MS } from '../../useLive';
import type { FromRender3d, PanelEvent, PanelSize, ToRender3d } from './messages';

extend(THREE as never);
const post = (m: FromRender3d) => postMessage(m);

type Listener = (e: unknown) => void;
/** An event target of the worker's own: the panels' forwarded events are dispatched on it. */
function emitter() {
  const on = new Map<string, Set<Listener>>();
  return {
    addEventListener(name: string, fn: Listener) {
      let s = on.get(name);
      if (!s) on.set(name, (s = new Set()));
      s.add(fn);
    },
    removeEventListener(name: string, fn: Listener) {
      on.get(name)?.delete(fn);
    },
    dispatch(name: string, e: unknown) {
      for (const fn of [...(on.get(name) ?? [])]) fn(e);
    },
  };
}

// Listeners the scene puts on `window` (a drag's pointerup anywhere) hear every panel's events.
const windowTarget = emitter();
(self as unknown as { window: unknown }).window = windowTarget;

const store = createAppStore(decodeAny('').shared);
// The scene's actions run on the page's store; their effect comes back as mirrored state.
const actions: Record<string, unknown> = {};
for (const [name, v] of Object.entries(store.getState())) if (typeof v === 'function') actions[name] = (...args: unknown[]) => post({ type: 'action', name, args });
store.setState(actions as never);
const live = createLive();
const services: AppServices = { store, live, bridge: null, flushUrl: () => '', editor: null, theory: null, steps: createStepReader() };

const EVENTS = { onClick: 'click', onContextMenu: 'contextmenu', onDoubleClick: 'dblclick', onWheel: 'wheel', onPointerDown: 'pointerdown', onPointerUp: 'pointerup', onPointerLeave: 'pointerleave', onPointerMove: 'pointermove', onPointerCancel: 'pointercancel', onLostPointerCapture: 'lostpointercapture' } as const;

/** r3f's pointer events, fed by the forwarded events on the panel's canvas (offsetX/Y: the panel's CSS px). */
function panelEvents(store: Parameters<typeof createEvents>[0]) {
  const { handlePointer } = createEvents(store);
  const handlers = Object.fromEntries(Object.keys(EVENTS).map((k) => [k, handlePointer(k)])) as Record<keyof typeof EVENTS, (e: unknown) => void>;
  return {
    priority: 1,
    enabled: true,
    compute(event: { offsetX: number; offsetY: number }, state: RootState) {
      state.pointer.set((event.offsetX / state.size.width) * 2 - 1, -(event.offsetY / state.size.height) * 2 + 1);
      state.raycaster.setFromCamera(state.pointer, state.camera);
    },
    connected: undefined,
    handlers,
    connect(target: { addEventListener(n: string, f: Listener): void }) {
      const { set, events } = store.getState();
      events.disconnect?.();
      set((s) => ({ events: { ...s.events, connected: target } }));
      for (const [k, name] of Object.entries(EVENTS)) target.addEventListener(name, handlers[k as keyof typeof EVENTS]);
    },
    disconnect() {
      const { set, events } = store.getState();
      const target = events.connected as { removeEventListener(n: string, f: Listener): void } | undefined;
      if (!target) return;
      for (const [k, name] of Object.entries(EVENTS)) target.removeEventListener(name, handlers[k as keyof typeof EVENTS]);
      set((s) => ({ events: { ...s.events, connected: undefined } }));
    },
  };
}

interface Panel {
  root: ReconcilerRoot<OffscreenCanvas>;
  canvas: OffscreenCanvas & { dispatch(name: string, e: unknown): void; clientWidth: number; clientHeight: number };
  runs: readonly number[];
  size: PanelSize;
  widths: number[];
  resized: Set<() => void>;
  written: string[];
  writes: [number, string, 'visible' | 'hidden'][];
  /** The renderer, scene and camera, once the scene is mounted (PanelGl). */
  three: Pick<RootState, 'gl' | 'scene' | 'camera' | 'invalidate'> | null;
  /** The extension a test's context loss used (contextFault). */
  lose?: WEBGL_lose_context | null;
}
const panels = new Map<number, Panel>();

/** The DOM the scene's controls and handlers expect of their element, on the OffscreenCanvas itself. */
function shim(canvas: OffscreenCanvas, size: PanelSize): Panel['canvas'] {
  const own = emitter();
  const native = { add: canvas.addEventListener.bind(canvas), remove: canvas.removeEventListener.bind(canvas) };
  const c = Object.assign(canvas, {
    style: { touchAction: 'none' },
    clientWidth: size.width,
    clientHeight: size.height,
    clientLeft: 0,
    clientTop: 0,
    getBoundingClientRect: () => ({ left: 0, top: 0, x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, right: c.clientWidth, bottom: c.clientHeight }),
    setPointerCapture() {},
    releasePointerCapture() {},
    hasPointerCapture: () => false,
    setAttribute() {},
    focus() {},
    dispatch: own.dispatch,
  });
  // Context loss is the canvas's own event; everything else is forwarded from the page.
  Object.assign(canvas, {
    addEventListener: (name: string, fn: Listener, opts?: unknown) => (name.startsWith('webglcontext') ? native.add(name, fn as EventListener, opts as AddEventListenerOptions) : own.addEventListener(name, fn)),
    removeEventListener: (name: string, fn: Listener) => (name.startsWith('webglcontext') ? native.remove(name, fn as EventListener) : own.removeEventListener(name, fn)),
  });
  (c as unknown as { ownerDocument: unknown }).ownerDocument = c;
  return c;
}

/** The page's label elements, through messages: their widths come in, their places go out (at most once a frame). */
function labelSink(id: number): LabelSink {
  return {
    width: (i) => panels.get(id)?.widths[i] ?? 0,
    write(i, transform, visibility) {
      const p = panels.get(id);
      if (!p || p.written[i] === transform + visibility) return;
      p.written[i] = transform + visibility;
      // Posted with the frame they belong to (Drawn), before it.
      p.writes.push([i, transform, visibility]);
    },
    watch(onResize) {
      const p = panels.get(id);
      p?.resized.add(onResize);
      return () => void p?.resized.delete(onResize);
    },
  };
}

/** Tells the page of every frame drawn (its first with a surface is the 3D view's first paint; the tests count them). */
function Drawn({ id }: { id: number }) {
  const gate = gateOf(useThree((s) => s.gl));
  // After AsyncPresent's render (priority 1), in the frames it drew.
  useFrame(() => {
    if (gate.skip) return;
    const p = panels.get(id);
    if (p && p.writes.length > 0) post({ type: 'labels', id, writes: p.writes.splice(0) });
    post({ type: 'drawn', id, surface: live.surface !== null });
  }, 2);
  return null;
}

/** Keeps the panel's renderer, scene and camera for `picture`. */
function PanelGl({ id }: { id: number }) {
  const three = useThree((s) => s);
  useEffect(() => {
    const p = panels.get(id);
    if (p) p.three = { gl: three.gl, scene: three.scene, camera: three.camera, invalidate: three.invalidate };
  }, [id, three.gl, three.scene, three.camera, three.invalidate]);
  return null;
}

/** The panel rendered at `scale`, copied in the same task as the render, then put back at its own ratio. */
function picture(p: Panel, scale: number): Promise<ImageBitmap> | null {
  if (!p.three) return null;
  const { gl, scene, camera, invalidate } = p.three;
  const ratio = gl.getPixelRatio();
  gl.setPixelRatio(scale);
  gl.render(scene, camera);
  const bitmap = createImageBitmap(p.canvas);
  gl.setPixelRatio(ratio);
  gl.render(scene, camera);
  invalidate();
  return bitmap;
}

const noTarget = { current: null };
const sentRun = () => live.sentRun;
/** Frames paced as the page's software-WebGL view paces them (AsyncPresent), without its readback. */
function Pace() {
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  return <AsyncPresent target={noTarget} empty={false} readback={false} dataGapMs={mlp ? STREAM_GAP_MS : undefined} epoch={sentRun} />;
}

function render(id: number) {
  const p = panels.get(id);
  if (!p) return;
  p.root.render(
    <AppContext.Provider value={services}>
      <Scene3D runs={p.runs} labels={labelSink(id)} onFov={(fov) => post({ type: 'fov', id, fov })} onLost={(lost) => post({ type: 'lost', id, lost })} />
      <Drawn id={id} />
      <PanelGl id={id} />
      <Pace />
    </AppContext.Provider>,
  );
}

async function mount(id: number, canvas: OffscreenCanvas, size: PanelSize, runs: readonly number[]) {
  const c = shim(canvas, size);
  const root = createRoot(canvas);
  panels.set(id, { root, canvas: c, runs, size, widths: [], resized: new Set(), written: [], writes: [], three: null });
  await root.configure({
    events: panelEvents as never,
    size: { width: size.width, height: size.height, top: 0, left: 0, updateStyle: false } as never,
    dpr: size.dpr,
    frameloop: 'demand',
    camera: { fov: BASE_FOV, near: 0.05, far: 50 },
    gl: { antialias: false, preserveDrawingBuffer: true },
    onCreated: ({ gl }) => {
      gl.localClippingEnabled = true;
      post({ type: 'ready', id });
    },
  });
  render(id);
}

function resize(p: Panel, size: PanelSize) {
  p.size = size;
  p.canvas.clientWidth = size.width;
  p.canvas.clientHeight = size.height;
  // frameloop again: configure() puts back every default it is not given ('always' would draw 60 frames a second).
  void p.root.configure({ size: { width: size.width, height: size.height, top: 0, left: 0, updateStyle: false } as never, dpr: size.dpr, frameloop: 'demand' });
}

/** A forwarded event with what the handlers call on one. */
function eventOf(e: PanelEvent, target: unknown) {
  return { ...e, target, currentTarget: target, preventDefault() {}, stopPropagation() {} };
}

function onMessage(m: ToRender3d) {
  switch (m.type) {
    case 'mount':
      // The page's motion preference, for the step overlays' flash (contour/stepFlash.ts asks matchMedia).
      (self as unknown as { matchMedia: (q: string) => { matches: boolean } }).matchMedia = (q) => ({ matches: m.reducedMotion && /prefers-reduced-motion:\s*reduce/.test(q) });
      return void mount(m.id, m.canvas, m.size, m.runs).catch((err: unknown) => post({ type: 'error', id: m.id, message: String(err) }));
    case 'unmount': {
      const p = panels.get(m.id);
      panels.delete(m.id);
      p?.root.unmount();
      return;
    }
    case 'size': {
      const p = panels.get(m.id);
      if (p) resize(p, m.size);
      return;
    }
    case 'runs': {
      const p = panels.get(m.id);
      if (!p) return;
      p.runs = m.runs;
      return render(m.id);
    }
    case 'event': {
      const p = panels.get(m.id);
      if (!p) return;
      const e = eventOf(m.event, p.canvas);
      p.canvas.dispatch(m.event.type, e);
      windowTarget.dispatch(m.event.type, e);
      return;
    }
    case 'labelWidths': {
      const p = panels.get(m.id);
      if (!p) return;
      p.widths = m.widths;
      for (const fn of p.resized) fn();
      return;
    }
    case 'state':
      return store.setState(m.patch as never);
    case 'live': {
      if (m.surface !== undefined) live.surface = m.surface;
      live.surfaceVersion = m.surfaceVersion;
      live.paths.length = m.paths.length;
      m.paths.forEach((path, i) => void (live.paths[i] = path ?? undefined));
      live.interim = m.interim;
      live.sentRun = m.sentRun;
      live.doneRun = m.doneRun;
      live.version = m.version - 1;
      return live.emit();
    }
    case 'view':
      live.view = m.view;
      return live.emitView();
    case 'contextFault':
      for (const p of panels.values()) {
        // Kept from the loss: a lost context answers no getExtension.
        if (m.lose) {
          p.lose = p.three?.gl.getContext().getExtension('WEBGL_lose_context') as WEBGL_lose_context | null;
          p.lose?.loseContext();
        } else p.lose?.restoreContext();
      }
      return;
    case 'picture': {
      const p = panels.get(m.id);
      const done = (bitmap: ImageBitmap | null) => postMessage({ type: 'picture', id: m.id, req: m.req, bitmap } satisfies FromRender3d, bitmap ? { transfer: [bitmap] } : undefined);
      const b = p ? picture(p, m.scale) : null;
      if (!b) return done(null);
      return void b.then(done, () => done(null));
    }
  }
}

self.onmessage = (e: MessageEvent<ToRender3d>) => onMessage(e.data);
