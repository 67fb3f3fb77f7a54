import type { Page } from 'playwright-core';

/**
 * Page coordinates of scene point (x, y, z) in a 3D view, as the camera in the store's `camera` pose sees
 * it (the same camera model as app.ts surfacePoint: orbit about (0, 0.25, 0), the vertical fov the view says in data-fov).
 */
export function scenePoint(page: Page, selector: string, p: readonly [number, number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ selector, p }) => {
      const d = (window as unknown as { __downhill: { store: { getState(): { camera: [number, number, number] } } } }).__downhill;
      const target = [0, 0.25, 0];
      const [az, el, dist] = d.store.getState().camera.map((x, k) => (k < 2 ? (x * Math.PI) / 180 : x)) as [number, number, number];
      const eye = [target[0]! + dist * Math.sin(az) * Math.cos(el), target[1]! + dist * Math.sin(el), target[2]! + dist * Math.cos(az) * Math.cos(el)];
      const sub = (a: number[], c: number[]) => a.map((x, k) => x - c[k]!);
      const dot = (a: number[], c: number[]) => a.reduce((acc, x, k) => acc + x * c[k]!, 0);
      const norm = (a: number[]) => a.map((x) => x / Math.hypot(...a));
      const cross = (a: number[], c: number[]) => [a[1]! * c[2]! - a[2]! * c[1]!, a[2]! * c[0]! - a[0]! * c[2]!, a[0]! * c[1]! - a[1]! * c[0]!];
      const fwd = norm(sub(target, eye));
      const right = norm(cross(fwd, [0, 1, 0]));
      const up = cross(right, fwd);
      const dv = sub([...p], eye);
      const view = document.querySelector(selector)!;
      const rect = view.getBoundingClientRect();
      // The view's vertical field of view (FitFov.tsx: 40°, wider in a narrow panel).
      const fov = Number(view.closest('[data-fov]')?.getAttribute('data-fov') ?? 40);
      const tan = Math.tan((fov * Math.PI) / 360);
      const nx = dot(dv, right) / dot(dv, fwd) / (tan * (rect.width / rect.height));
      const ny = dot(dv, up) / dot(dv, fwd) / tan;
      return { x: rect.left + ((nx + 1) / 2) * rect.width, y: rect.top + ((1 - ny) / 2) * rect.height };
    },
    { selector, p },
  );
}

/** Pixels of a canvas near `color` (sum of channel differences < 60) outside the page rectangle `box`. */
export function pixelsOutside(page: Page, selector: string, box: { x0: number; x1: number; y0: number; y1: number }, color: string): Promise<number> {
  return page.evaluate(
    ({ selector, box, color }) => {
      const src = document.querySelector(selector) as HTMLCanvasElement;
      const r = src.getBoundingClientRect();
      const k = src.width / r.width;
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(src, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const t = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
      let n = 0;
      for (let j = 0; j < c.height; j++) {
        for (let i = 0; i < c.width; i++) {
          const x = r.left + i / k;
          const y = r.top + j / k;
          if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) continue;
          const o = 4 * (j * c.width + i);
          if (Math.abs(data[o]! - t[0]!) + Math.abs(data[o + 1]! - t[1]!) + Math.abs(data[o + 2]! - t[2]!) < 60) n++;
        }
      }
      return n;
    },
    { selector, box, color },
  );
}
