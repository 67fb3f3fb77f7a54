import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The built page allows scripts and workers from its own origin only (no inline code, eval, data: or
 * blob:). Added at build time: the dev server injects inline scripts for hot reload.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'downhill-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

/**
 * The file of each chunk the page imports later but wants to fetch early (firstPaint.ts preloadLater: the
 * 3D view's chunk, fetched and compiled while the first surface is drawn, evaluated after), named in a
 * meta tag of the built index.html: the page cannot know a chunk's hashed name, and index.html is never
 * cached unchecked (a name written into the entry chunk after hashing could be). Nothing is fetched by
 * the tag itself. Build only: the dev server has no chunks.
 */
export const PRELOAD_LATER: Record<string, string> = { 'downhill:chunk-3d': 'src/views/surface3d/Surface3D.tsx' };

function laterChunks(): Plugin {
  let base = '/';
  return {
    name: 'downhill-later-chunks',
    apply: 'build',
    configResolved: (c) => void (base = c.base),
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) =>
        Object.entries(PRELOAD_LATER).map(([name, source]) => {
          const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith(source));
          if (!chunk) throw new Error(`downhill-later-chunks: no chunk for ${source}`);
          return { tag: 'meta', attrs: { name, content: base + chunk.fileName }, injectTo: 'head' as const };
        }),
    },
  };
}

/**
 * What makes the page installable (an app window of its own, from the browser's "Install" or a phone's
 * "Add to home screen"): vite-plugin-pwa writes it as dist/manifest.webmanifest and links it from
 * index.html. Every URL in it is relative to the manifest's own, so the app installs under any base path.
 * Colours: the page's background (src/styles.css :root). The PNG icons are drawn by `npm run icons`
 * (src/cli/icons.ts) from the favicon's picture.
 */
export const MANIFEST = {
  name: 'Downhill — loss-surface lab',
  short_name: 'Downhill',
  description: 'Watch gradient descent, momentum and Nesterov travel a loss surface in 3D and contours; works offline.',
  lang: 'en',
  start_url: '.',
  scope: '.',
  display: 'standalone',
  background_color: '#eef2f7',
  theme_color: '#eef2f7',
  icons: [
    { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
} as const;

/**
 * Offline after the first visit: a workbox service worker (dist/sw.js, at the origin's root so its scope is
 * the whole page) precaches the build: the page, every chunk (the engine and band workers are chunks of
 * their own), the styles, KaTeX's woff2 fonts (what every browser with service workers reads), the favicon, the web-app
 * manifest and its icons (includeManifestIcons). Not the README's pictures in public/readme/. src/pwa.ts registers it from a module file (injectRegister:
 * null: the CSP allows no inline script). autoUpdate: a new build's worker takes over at once (skipWaiting,
 * clientsClaim) and the page reloads into it; the old build's entries are dropped.
 */
const PRECACHE_GLOBS = ['**/*.{js,css,html,svg,woff2}'];

function offline() {
  return VitePWA({
    registerType: 'autoUpdate',
    injectRegister: null,
    manifest: { ...MANIFEST, icons: [...MANIFEST.icons] },
    includeManifestIcons: true,
    workbox: {
      globPatterns: PRECACHE_GLOBS,
      globIgnores: ['readme/**'],
      // The main chunk (three, React, KaTeX, the app: 1.6 MiB) is near workbox's 2 MiB default, past which
      // a file would silently be left out of the precache (and the page would not load offline).
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      skipWaiting: true,
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      navigateFallback: 'index.html',
    },
  });
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), laterChunks(), offline()],
  worker: { format: 'es' },
  // No asset is inlined as a data: URI: the CSP allows fonts from the origin only (KaTeX's small fonts would be inlined).
  // The manifest (dist/.vite/manifest.json) tells the bench which chunks the page loads before its first paint (tests/bench/firstPaint.ts).
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, assetsInlineLimit: 0, manifest: true },
  test: {
    // CI asks for a JSON report too, to print the plain "N passed, N failed" line.
    reporters: process.env.VITEST_JSON ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON ? { json: process.env.VITEST_JSON } : undefined,
    projects: [
      {
        extends: true,
        // The property tests take 1–6 s on a loaded 2-core machine (the e2e project runs beside them): a time-out is not what they test.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          globalSetup: ['tests/e2e/globalSetup.ts'],
        },
      },
    ],
  },
});
