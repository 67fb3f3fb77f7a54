import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, type RefObject } from 'react';
import { markSurfaceShown } from '../firstPaint';
import { frameElapsed } from '../useCanvasSize';
import { GATE_PRIORITY, gateOf, yieldsFrame } from './sceneFrame';

/** Shortest time between two rendered frames (ms): 30 frames a second while data streams in or the camera turns. */
const MIN_FRAME_MS = 33;

/**
 * Whether the context renders in software (SwiftShader, llvmpipe, …): then the browser has no GPU compositing
 * and reads a composited WebGL canvas back synchronously at every frame, which AsyncPresent avoids.
 */
export function isSoftwareGl(gl: WebGLRenderingContext | WebGL2RenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(renderer);
}

/** One frame on its way back from the GPU: its pixels land in `buffer` once `fence` is signalled. */
interface InFlight {
  fence: WebGLSync;
  width: number;
  height: number;
}

interface Presenter {
  buffer: WebGLBuffer | null;
  bytes: number;
  inFlight: InFlight | null;
  /** The scene changed while a frame was in flight: render again once it is shown. */
  dirty: boolean;
  /** The frame in flight was drawn before the view was emptied: read it back, but do not show it. */
  stale: boolean;
  poll: number;
  /** When the last frame was rendered (performance.now()), and the timer of a deferred one. */
  last: number;
  later: ReturnType<typeof setTimeout> | null;
  /** The pixels read back, flipped in place and shown; one buffer per view, reused while its size holds. */
  image: ImageData | null;
  row: Uint8Array;
  /** The epoch (run) of the last frame rendered: a new one's first frame does not wait for `dataGapMs`. */
  epoch: unknown;
  /** Frames in a row given up to the 2-D views (sceneFrame.ts yieldsFrame). */
  yields: number;
}

/**
 * Renders the scene (a useFrame with a positive priority takes rendering over from @react-three/fiber) and
 * shows it on `target`, a 2-D canvas over the hidden WebGL canvas, through an asynchronous readback: the
 * frame is copied into a pixel buffer, a fence is polled once per animation frame, and the pixels are
 * drawn when the GPU has finished. The main thread never waits for the GPU. Without this, a composited
 * WebGL canvas in a browser without GPU compositing (software WebGL, as in headless Chromium) is read back
 * synchronously at every commit: the page froze for as long as the GPU process took to draw, 20 ms idle and
 * 100–1000 ms while the band workers held the cores. At most one frame is in flight; changes made meanwhile
 * are drawn together in the next one, so the 3D view draws as often as the GPU keeps up, never more.
 * `empty` (no surface for the experiment shown, e.g. just after a switch of labs) clears `target` at once
 * instead of a frame or two later, and drops the frame in flight, which shows the older scene.
 * Without `readback` (the render worker's panels, drawn on an OffscreenCanvas that the browser shows by
 * itself) it only paces the frames as above: software WebGL's every frame costs the GPU process a core.
 */
export function AsyncPresent({ target, empty, dataGapMs = MIN_FRAME_MS, epoch, readback = true }: { target: RefObject<HTMLCanvasElement | null>; empty: boolean; dataGapMs?: number; epoch?: () => unknown; readback?: boolean }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const p = useMemo<Presenter>(() => ({ buffer: null, bytes: 0, inFlight: null, dirty: false, stale: false, poll: 0, last: -Infinity, later: null, image: null, row: new Uint8Array(0), epoch: undefined, yields: 0 }), []);
  // The camera of the last frame rendered: while it moves (an orbit, a zoom) frames follow at MIN_FRAME_MS.
  const seen = useMemo(() => camera.matrixWorld.clone(), [camera]);
  const ctx = gl.getContext() as WebGL2RenderingContext;

  useEffect(() => {
    // A restored context has none of the old objects: start over with a new buffer.
    const restored = () => {
      p.buffer = null;
      p.bytes = 0;
      p.inFlight = null;
      invalidate();
    };
    gl.domElement.addEventListener('webglcontextrestored', restored);
    return () => {
      gl.domElement.removeEventListener('webglcontextrestored', restored);
      cancelAnimationFrame(p.poll);
      if (p.later) clearTimeout(p.later);
      if (p.inFlight) ctx.deleteSync(p.inFlight.fence);
      if (p.buffer) ctx.deleteBuffer(p.buffer);
      p.inFlight = null;
      p.buffer = null;
      // Without a presenter every frame is drawn (fiber renders it): the scene's callbacks run again.
      gateOf(gl).skip = false;
    };
  }, [ctx, gl, invalidate, p]);

  useLayoutEffect(() => {
    if (!empty) return;
    const c = target.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    if (p.inFlight) p.stale = true;
  }, [empty, target, p]);

  const show = (f: InFlight) => {
    const c = target.current;
    if (p.image?.width !== f.width || p.image.height !== f.height) p.image = new ImageData(f.width, f.height);
    const px = new Uint8Array(p.image.data.buffer);
    ctx.bindBuffer(ctx.PIXEL_PACK_BUFFER, p.buffer);
    ctx.getBufferSubData(ctx.PIXEL_PACK_BUFFER, 0, px, 0, px.length);
    ctx.bindBuffer(ctx.PIXEL_PACK_BUFFER, null);
    if (p.stale) {
      p.stale = false;
      return;
    }
    const out = c?.getContext('2d');
    if (!c || !out) return;
    if (c.width !== f.width) c.width = f.width;
    if (c.height !== f.height) c.height = f.height;
    // GL rows run bottom-up, canvas rows top-down: swap them in place.
    const w = f.width * 4;
    if (p.row.length !== w) p.row = new Uint8Array(w);
    for (let top = 0, bottom = f.height - 1; top < bottom; top++, bottom--) {
      p.row.set(px.subarray(top * w, top * w + w));
      px.copyWithin(top * w, bottom * w, bottom * w + w);
      px.set(p.row, bottom * w);
    }
    out.putImageData(p.image, 0, 0);
    if (!empty) markSurfaceShown();
  };

  const watch = () => {
    p.poll = requestAnimationFrame(() => {
      const f = p.inFlight;
      if (!f) return;
      if (ctx.isContextLost()) {
        p.inFlight = null;
        return;
      }
      if (ctx.getSyncParameter(f.fence, ctx.SYNC_STATUS) !== ctx.SIGNALED) return watch();
      // Read before deleting the fence: the browser keeps a copy of the pixels tied to it, and a read without
      // it waits for the GPU to finish everything queued since.
      p.inFlight = null;
      show(f);
      ctx.deleteSync(f.fence);
      if (p.dirty) {
        p.dirty = false;
        invalidate();
      }
    });
  };

  // Decides, before the scene's callbacks run (sceneFrame.ts), whether this frame is drawn: when it is not,
  // they skip their work too.
  const gate = gateOf(gl);
  useFrame(() => {
    gate.skip = true;
    if (p.inFlight) {
      p.dirty = true;
      return;
    }
    // Streaming paths and surfaces ask for a frame per message: draw at most one per MIN_FRAME_MS, or per
    // `dataGapMs` when only the data changed (the MLP lab: a second of streaming after each edit), the
    // first after a quiet spell, and the first of a new `epoch` (a new run's first paths), at once.
    const moved = !camera.matrixWorld.equals(seen);
    const fresh = epoch?.() !== p.epoch;
    const wait = p.last + (moved || fresh ? MIN_FRAME_MS : Math.max(MIN_FRAME_MS, dataGapMs)) - performance.now();
    if (wait > 0) {
      p.later ??= setTimeout(() => {
        p.later = null;
        invalidate();
      }, wait);
      return;
    }
    // The 2-D views drew first and filled this frame (a new surface redraws them all): the render, with
    // its mesh rebuild, goes to the next frame, so the two do not add up to one long task. At most
    // MAX_YIELDS frames in a row.
    if (yieldsFrame(p.yields, frameElapsed())) {
      p.yields++;
      invalidate();
      return;
    }
    p.yields = 0;
    gate.skip = false;
  }, GATE_PRIORITY);

  useFrame(() => {
    if (gate.skip) return;
    const now = epoch?.();
    p.last = performance.now();
    p.epoch = now;
    gl.render(scene, camera);
    seen.copy(camera.matrixWorld);
    // Drawn on an OffscreenCanvas in the render worker (offscreen/): the browser shows it without a copy.
    if (!readback) return;
    const width = ctx.drawingBufferWidth;
    const height = ctx.drawingBufferHeight;
    const bytes = width * height * 4;
    p.buffer ??= ctx.createBuffer();
    ctx.bindBuffer(ctx.PIXEL_PACK_BUFFER, p.buffer);
    if (p.bytes !== bytes) {
      ctx.bufferData(ctx.PIXEL_PACK_BUFFER, bytes, ctx.STREAM_READ);
      p.bytes = bytes;
    }
    ctx.readPixels(0, 0, width, height, ctx.RGBA, ctx.UNSIGNED_BYTE, 0);
    ctx.bindBuffer(ctx.PIXEL_PACK_BUFFER, null);
    const fence = ctx.fenceSync(ctx.SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (!fence) return;
    ctx.flush();
    p.inFlight = { fence, width, height };
    watch();
  }, 1);

  return null;
}
