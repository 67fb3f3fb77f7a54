import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, type RefObject } from 'react';

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
  pixels: Uint8Array<ArrayBuffer>;
  image: ImageData | null;
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
 */
export function AsyncPresent({ target, empty }: { target: RefObject<HTMLCanvasElement | null>; empty: boolean }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const p = useMemo<Presenter>(() => ({ buffer: null, bytes: 0, inFlight: null, dirty: false, stale: false, poll: 0, pixels: new Uint8Array(0), image: null }), []);
  const ctx = gl.getContext() as WebGL2RenderingContext;

  useEffect(
    () => () => {
      cancelAnimationFrame(p.poll);
      if (p.inFlight) ctx.deleteSync(p.inFlight.fence);
      if (p.buffer) ctx.deleteBuffer(p.buffer);
      p.inFlight = null;
      p.buffer = null;
    },
    [ctx, p],
  );

  useLayoutEffect(() => {
    if (!empty) return;
    const c = target.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    if (p.inFlight) p.stale = true;
  }, [empty, target, p]);

  const show = (f: InFlight) => {
    const out = target.current?.getContext('2d');
    const bytes = f.width * f.height * 4;
    if (p.pixels.length < bytes) p.pixels = new Uint8Array(bytes);
    ctx.bindBuffer(ctx.PIXEL_PACK_BUFFER, p.buffer);
    ctx.getBufferSubData(ctx.PIXEL_PACK_BUFFER, 0, p.pixels, 0, bytes);
    ctx.bindBuffer(ctx.PIXEL_PACK_BUFFER, null);
    if (p.stale) {
      p.stale = false;
      return;
    }
    if (!out || !target.current) return;
    if (target.current.width !== f.width) target.current.width = f.width;
    if (target.current.height !== f.height) target.current.height = f.height;
    if (p.image?.width !== f.width || p.image.height !== f.height) p.image = new ImageData(f.width, f.height);
    // GL rows run bottom-up, canvas rows top-down.
    const row = f.width * 4;
    for (let y = 0; y < f.height; y++) p.image.data.set(p.pixels.subarray((f.height - 1 - y) * row, (f.height - y) * row), y * row);
    out.putImageData(p.image, 0, 0);
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
      ctx.deleteSync(f.fence);
      p.inFlight = null;
      show(f);
      if (p.dirty) {
        p.dirty = false;
        invalidate();
      }
    });
  };

  useFrame(() => {
    if (p.inFlight) {
      p.dirty = true;
      return;
    }
    gl.render(scene, camera);
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
