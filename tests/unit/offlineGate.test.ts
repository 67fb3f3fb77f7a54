import { expect, test } from 'vitest';
import { reloadGate } from '../../src/offlineGate';

function gate(controlled: boolean) {
  let reloads = 0;
  const g = reloadGate(controlled, () => reloads++);
  return { g, reloads: () => reloads };
}

test('the first visit\'s worker taking control of an uncontrolled page is no update', () => {
  const { g, reloads } = gate(false);
  g.newWorkerActive();
  g.controllerChanged();
  expect(reloads()).toBe(0);
});

test('a new worker over a controlled page reloads it once, whichever signal comes first', () => {
  for (const order of [['controllerChanged', 'newWorkerActive'], ['newWorkerActive', 'controllerChanged']] as const) {
    const { g, reloads } = gate(true);
    for (const k of order) g[k]();
    expect(reloads(), order.join(' then ')).toBe(1);
  }
});

test('a page claimed on its first visit reloads when a later build\'s worker takes over', () => {
  const { g, reloads } = gate(false);
  g.controllerChanged();
  expect(reloads()).toBe(0);
  g.controllerChanged();
  expect(reloads()).toBe(1);
  g.controllerChanged();
  expect(reloads()).toBe(1);
});
