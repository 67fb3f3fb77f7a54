import { chromium } from 'playwright-core';
import { preview } from 'vite';
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error', root: process.cwd() });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync','--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost'] });
const [frag, out, w, h, wait] = process.argv.slice(2);
const page = await browser.newPage({ viewport: { width: Number(w ?? 1280), height: Number(h ?? 800) } });
await page.goto(url + '#' + frag);
await page.waitForFunction(() => { const d = window.__downhill; return d && d.live.surface && d.live.doneRun === d.live.sentRun; }, null, { timeout: 30000 });
// Wait until the presented 3D canvas has more than a handful of colours (or give up after `wait` ms).
const t0 = Date.now();
let distinct = 0;
while (Date.now() - t0 < Number(wait ?? 3000)) {
  distinct = await page.evaluate(() => { const c = document.querySelector('.surface3d canvas'); const x = document.createElement('canvas'); x.width = c.width; x.height = c.height; const g = x.getContext('2d'); g.drawImage(c, 0, 0); const d = g.getImageData(0, 0, x.width, x.height).data; const s = new Set(); for (let i = 0; i < d.length; i += 4 * 97) s.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]); return s.size; });
  if (distinct > 30) break;
  await page.waitForTimeout(100);
}
console.log('3d distinct colours', distinct, 'after', Date.now() - t0, 'ms');
await page.screenshot({ path: out, fullPage: true });
await browser.close(); await server.close();
