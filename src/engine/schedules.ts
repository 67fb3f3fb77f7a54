import { exactExp } from './exactMath';
import type { NumberSetting, SettingSpec, ChoiceSetting, Settings } from './optimizers/settings';

/** The learning-rate schedules a run can use (setting `decay`). */
export const DECAYS = ['none', 'inv', 'inv2', 'exp', 'step'] as const;
export type Decay = (typeof DECAYS)[number];

export const DECAY: ChoiceSetting = {
  kind: 'choice', key: 'decay', label: 'η schedule',
  doc: 'learning-rate schedule: none; inv η/(k+1); inv2 η/(k+1)²; exp η·e^(−β·k); step: η ← α·η when the loss stagnates for p steps',
  default: 'none', options: DECAYS,
};
export const BETA: NumberSetting = {
  kind: 'number', key: 'beta', label: 'decay rate β', doc: 'β of decay:exp', default: 0.01, min: 0, max: 10, scale: 'linear',
  when: { key: 'decay', value: 'exp' },
};
export const DROP: NumberSetting = {
  kind: 'number', key: 'drop', label: 'drop factor α', doc: 'α of decay:step: η ← α·η', default: 0.1, min: 0, max: 1,
  minExclusive: true, maxExclusive: true, scale: 'linear', when: { key: 'decay', value: 'step' },
};
export const PATIENCE: NumberSetting = {
  kind: 'number', key: 'patience', label: 'patience p', doc: 'p of decay:step: steps without a new low (by 0.1 %) before η drops',
  default: 50, min: 1, max: 100_000, integer: true, scale: 'log', when: { key: 'decay', value: 'step' },
};

/** The schedule's settings, for the modules that accept a schedule (gd, momentum, nesterov, newton). */
export const SCHEDULE_SETTINGS: readonly SettingSpec[] = [DECAY, BETA, DROP, PATIENCE];

/** Relative improvement the step schedule asks of the last p losses. */
export const STEP_IMPROVEMENT = 1e-3;

/**
 * A run's learning rate per step. `etaAt(k, lossK)` is called once per step, in order k = 0, 1, …, with
 * L_k = L(θ_k); it returns η_k:
 * - none: η;  inv: η/(k+1);  inv2: η/(k+1)²;  exp: η·e^(−β·k);
 * - step (the lecture's "train at a fixed η until the loss stagnates, then η ← α·η"): before step k, if
 *   k ≥ p and k − k_last ≥ p and min(L_{k−p+1..k}) > (1 − 10⁻³)·min(L_0..L_{k−p}), η ← α·η and k_last = k
 *   (k_last = 0 at first). The window minimum is kept in a monotone deque: O(1) per step for any p.
 * `needsLoss` says whether L_k is read (only by step), so runners may skip computing it.
 */
export interface Schedule {
  readonly needsLoss: boolean;
  etaAt(k: number, lossK: number): number;
}

/** The schedule of resolved settings `s` (keys eta, decay, beta, drop, patience). */
export function createSchedule(s: Settings): Schedule {
  const eta = s.eta as number;
  switch ((s.decay ?? 'none') as Decay) {
    case 'inv':
      return { needsLoss: false, etaAt: (k) => eta / (k + 1) };
    case 'inv2':
      return { needsLoss: false, etaAt: (k) => eta / ((k + 1) * (k + 1)) };
    case 'exp': {
      const beta = s.beta as number;
      return { needsLoss: false, etaAt: (k) => eta * exactExp(-beta * k) };
    }
    case 'step':
      return stepSchedule(eta, s.drop as number, s.patience as number);
    default:
      return { needsLoss: false, etaAt: () => eta };
  }
}

function stepSchedule(eta0: number, alpha: number, p: number): Schedule {
  let eta = eta0;
  let kLast = 0;
  let oldMin = Infinity; // min(L_0..L_{k−p})
  const losses: number[] = [];
  const deque: number[] = []; // indices into losses of the window L_{k−p+1..k}, losses increasing
  let head = 0;
  return {
    needsLoss: true,
    etaAt(k, lossK) {
      losses.push(lossK);
      while (deque.length > head && losses[deque[deque.length - 1]!]! >= lossK) deque.pop();
      deque.push(k);
      if (k - p >= 0) oldMin = Math.min(oldMin, losses[k - p]!);
      while (deque[head]! <= k - p) head++;
      if (head > 1024) {
        deque.splice(0, head);
        head = 0;
      }
      if (k >= p && k - kLast >= p && losses[deque[head]!]! > (1 - STEP_IMPROVEMENT) * oldMin) {
        eta *= alpha;
        kLast = k;
      }
      return eta;
    },
  };
}
