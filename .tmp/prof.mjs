import { chromium } from 'playwright-core';
import { preview } from 'vite';
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error', root: process.cwd() });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync','--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(url + '#' + (process.argv[2] ?? ''));
await page.waitForFunction(() => { const d = window.__downhill; return d && d.live.surface && d.live.doneRun === d.live.sentRun; });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.evaluate(async () => {
  const d = window.__downhill;
  const input = document.querySelector('.controls input[type=range]');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const lo = Number(input.min), span = Number(input.max) - lo;
  for (let i = 0; i < 50; i++) {
    const v = Math.round(lo + span * (0.35 + 0.02 * (i % 20)));
    await new Promise((res) => { const un = d.live.subscribe(() => { if (d.live.doneRun !== d.live.sentRun) return; un(); requestAnimationFrame(() => setTimeout(res, 20)); }); setValue.call(input, String(v === Number(input.value) ? v + 1 : v)); input.dispatchEvent(new Event('input', { bubbles: true })); });
  }
});
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (let i = 0; i < profile.samples.length; i++) { const n = byId.get(profile.samples[i]); const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000); }
const top = [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 25);
for (const [k, ms] of top) console.log(ms.toFixed(1).padStart(8), k);
await browser.close(); await server.close();
