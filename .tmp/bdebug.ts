import { benchBrowser } from '/work/main/tests/bench/browser';
const t0 = Date.now();
const rows = await benchBrowser();
for (const r of rows) console.log(r.name, r.value, r.unit);
console.log('took', Date.now() - t0);
