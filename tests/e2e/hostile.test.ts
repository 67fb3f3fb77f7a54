import { expect, inject, test } from 'vitest';
import { poll, settled, surfaceDrawn } from './app';
import { watch, useBrowser } from './browser';

const browser = useBrowser();

const junk = 'x'.repeat(600_000);
/** Links a chat app, a careless edit or an attacker could produce. Each must leave a working page. */
const HOSTILE: Record<string, string> = {
  'prototype names as keys and values': 'constructor=1&__proto__=2&toString=3&opt=constructor,__proto__&layout=hasOwnProperty&problem=__proto__',
  'non-numbers': 'eta=NaN&gamma=Infinity&steps=0x10&grid=1_000&start=-0,1e400&t=-0',
  'broken percent-encoding': 'eta=%E0%A4%A&%ZZ=1&gamma=%&data=%C0%AF',
  'lone surrogates and controls': `eta=${encodeURIComponent('\u202e1')}&opt=%ED%A0%80&data=0.5:0.2%00`,
  'duplicate and empty keys': 'eta=0.5&eta=2&&=&=1&steps=&opt=gd,gd',
  'a cut v=2 link': 'v=2&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gam',
  'a link from the future': 'v=99&eta=0.3&warp=9&c=00000000',
  'script in values': `eta=${encodeURIComponent('<script>alert(1)</script>')}&layout=${encodeURIComponent('"><svg onload=alert(1)>')}`,
  'javascript: URL as a value': 'data=javascript:alert(1)&range=javascript:void(0)',
  'enormous lists': `data=${Array.from({ length: 5000 }, () => '1:1').join(',')}&opt=${'gd,'.repeat(2000)}`,
  'megabytes of junk (refused whole)': `eta=${junk}${junk}`,
  'numbers at the float edges': 'eta=5e-324&gamma=1e-320&start=1e308,-1e308&range=-1e-300,1e-300,-6,6',
  // The MLP lab: its own keys, and keys that must agree with each other.
  'MLP keys with prototype names and broken numbers': 'problem=mlp&dataset=constructor&arch=2-__proto__-1&act=toString&seed=1e400&size=0x10&pair=NaN,1&extent=-0',
  'MLP keys that contradict each other': 'problem=mlp&dataset=sine&arch=2-16-16-16-16-2&loss=bce&pair=913,912&steps=99999&drop=499,0&add=0:0:1',
  'MLP point edits out of bounds': `problem=mlp&size=3&drop=0,1,2&add=${Array.from({ length: 150 }, () => '9:9:7').join(',')}&slice=random&center=%ED%A0%80`,
  'MLP run that explodes (and a grid too fine)': 'problem=mlp&dataset=sine&outact=identity&eta=1000&gamma=0.99&steps=300&grid=8',
};

for (const [name, fragment] of Object.entries(HOSTILE)) {
  test(`hostile link (${name}) gives a working page with no error, dialog, CSP violation or off-origin request`, async () => {
    const base = inject('baseUrl');
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watch(page, new URL(base).origin);
    await page.goto(`${base}#${fragment}`);
    await settled(page);
    await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
    expect(await page.locator('.notices li').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.querySelectorAll('script:not([src]), img, svg [onload], iframe').length)).toBe(0);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
}
