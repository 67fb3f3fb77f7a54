/**
 * Rprop's Δ box flashes where a sign flipped and the step was undone: when the step shown becomes one
 * with a flipped side, that side alternates between a bold solid red and the dashed red it keeps
 * afterwards, FLASHES times over FLASH_MS. The plot is redrawn only at each change of emphasis (a timer,
 * not a frame loop), and not at all once the flash is over. With prefers-reduced-motion there is no
 * flash: the flipped side is just dashed red.
 */

export type Emphasis = 'on' | 'off';

/** How long a flash lasts and how many times the side lights up in it. */
export const FLASH_MS = 1000;
export const FLASHES = 3;
const HALF = FLASH_MS / (2 * FLASHES);

/** The emphasis `elapsed` ms into a flash: 'on' in the first half of each period, 'off' in the second; null once it is over. */
export function flashPhase(elapsed: number): Emphasis | null {
  if (!(elapsed >= 0) || elapsed >= FLASH_MS) return null;
  return Math.floor(elapsed / HALF) % 2 === 0 ? 'on' : 'off';
}

export interface StepFlashOptions {
  readonly now?: () => number;
  /** True when the user asks for reduced motion. */
  readonly reducedMotion?: () => boolean;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (id: unknown) => void;
}

export interface StepFlash {
  /**
   * The emphasis of the flipped sides of the step `key` (any object that changes when the step shown
   * changes), `flipped` whether it has any: a new key with a flipped side starts a flash. Called from
   * the draw; schedules `redraw` for the next change of emphasis while the flash lasts.
   */
  emphasis(key: object | null, flipped: boolean): Emphasis | null;
  dispose(): void;
}

const prefersReducedMotion = (): boolean => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function createStepFlash(redraw: () => void, o: StepFlashOptions = {}): StepFlash {
  const now = o.now ?? (() => performance.now());
  const reduced = o.reducedMotion ?? prefersReducedMotion;
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = o.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
  let key: object | null = null;
  let start: number | null = null;
  let timer: unknown = null;
  const stop = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
  return {
    emphasis(k, flipped) {
      if (k !== key) {
        key = k;
        stop();
        start = k !== null && flipped && !reduced() ? now() : null;
      }
      if (start === null) return null;
      const elapsed = now() - start;
      const phase = flashPhase(elapsed);
      if (phase === null) {
        start = null;
        stop();
        return null;
      }
      if (timer === null) {
        // The next change of emphasis (or the end), a millisecond late so the phase has surely turned.
        const next = Math.min(FLASH_MS, (Math.floor(elapsed / HALF) + 1) * HALF);
        timer = setTimer(() => {
          timer = null;
          redraw();
        }, next - elapsed + 1);
      }
      return phase;
    },
    dispose: stop,
  };
}
