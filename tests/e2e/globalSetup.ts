import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { preview } from 'vite';

/**
 * Serves the production build (dist/, made by `npm run build` before the tests) on a free loopback port
 * and hands its address to the tests as `baseUrl`.
 */
export default async function setup(project: TestProject) {
  if (!existsSync('dist/index.html')) throw new Error('e2e: dist/ is missing; run `npm run build` first (npm test does)');
  const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'error' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('e2e: preview server has no address');
  project.provide('baseUrl', url);
  return async () => {
    await server.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
