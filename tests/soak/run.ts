/** `npm run soak -- --minutes 10`: the long soak against the production build; exits 1 if the page did not hold. */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { preview } from 'vite';
import { launch } from '../e2e/browser';
import { instrument, soak, soakProblems } from './soak';

const arg = process.argv.indexOf('--minutes');
const minutes = arg > 0 ? Number(process.argv[arg + 1]) : 10;
if (!(minutes > 0)) {
  console.error('usage: npm run soak -- --minutes N');
  process.exit(2);
}

if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'inherit' });
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await instrument(page);
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.waitForFunction(() => !!(window as unknown as { __downhill?: { live: { surface: unknown } } }).__downhill?.live.surface);
  const warm = Math.min(60, minutes * 6);
  console.log(`soak: ${minutes} min after ${warm} s warm-up…`);
  const f = await soak(page, minutes * 60, warm);
  console.log(JSON.stringify(f, null, 2));
  const problems = soakProblems(f);
  console.log(problems.length ? `soak FAILED: ${problems.join('; ')}` : 'soak held');
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await browser.close();
  await server.close();
}
