/**
 * Draws the web-app manifest's icons (public/icon-192.png, icon-512.png, icon-maskable-512.png) from the
 * favicon's picture (public/favicon.svg: a descent curve and a ball at its foot), rasterised by Chromium
 * through playwright-core. Run `npm run icons` after changing the picture; the PNGs are committed.
 *
 * - icon-192 / icon-512 ("any"): a rounded light tile (the 3D view's background) with the curve and ball.
 * - icon-maskable-512 ("maskable"): the tile's colour to every edge, the picture inside the central circle
 *   of radius 0.4 × the size (the safe zone a launcher's mask keeps), so no mask cuts it.
 */
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** The favicon's marks in its 32-unit box; their extent is x 0.5…31.5, y 4.5…22 (curve with its stroke, ball). */
const MARKS = '<path d="M2 6 Q16 34 30 6" fill="none" stroke="#e4572e" stroke-width="3" stroke-linecap="round"/><circle cx="16" cy="19" r="3" fill="#29335c"/>';
const TILE = '#f8fafc';
const EDGE = '#cbd5e1';
/** Centre of the marks' extent, in favicon units. */
const CX = 16;
const CY = 13.25;

/** The icon as an SVG `size` px square: the marks scaled by `scale` px per unit, centred; a rounded tile or a full-bleed one. */
function svg(size: number, scale: number, maskable: boolean): string {
  const tile = maskable
    ? `<rect width="${size}" height="${size}" fill="${TILE}"/>`
    : `<rect x="${size * 0.02}" y="${size * 0.02}" width="${size * 0.96}" height="${size * 0.96}" rx="${size * 0.2}" fill="${TILE}" stroke="${EDGE}" stroke-width="${size * 0.015}"/>`;
  const t = `translate(${size / 2 - CX * scale} ${size / 2 - CY * scale}) scale(${scale})`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">${tile}<g transform="${t}">${MARKS}</g></svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, svg: svg(192, 192 / 40, false) },
  { file: 'icon-512.png', size: 512, svg: svg(512, 512 / 40, false) },
  // The marks' half-diagonal is √(15.5² + 8.75²) ≈ 17.8 units: 0.4 × 512 / 17.8 ≈ 11.5 px a unit fills the safe circle; 10.5 leaves a margin.
  { file: 'icon-maskable-512.png', size: 512, svg: svg(512, 10.5, true) },
] as const;

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    for (const icon of ICONS) {
      const dataUrl = await page.evaluate(async ({ svg, size }) => {
        const img = new Image();
        img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = size;
        c.height = size;
        c.getContext('2d')!.drawImage(img, 0, 0, size, size);
        return c.toDataURL('image/png');
      }, icon);
      writeFileSync(`public/${icon.file}`, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
      process.stdout.write(`public/${icon.file} (${icon.size}×${icon.size})\n`);
    }
  } finally {
    await browser.close();
  }
}

await main();
