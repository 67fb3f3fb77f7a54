/** How long a finger must rest before a press edits (ms), and how far it may drift meanwhile (CSS px). */
export const PRESS_DELAY = 300;
const SLOP = 8;

/**
 * Touch arbitration for a view where a press edits the experiment (moves the start) and a swipe must
 * scroll the page or orbit: one finger edits only after resting PRESS_DELAY ms (or when it grabs the start
 * marker itself); moving first, lifting, or a second finger cancels the press; a second finger also ends an
 * edit in progress (two fingers always orbit or zoom). While an edit is on, touchmove is cancelled, so the
 * page never scrolls and edits at once. Mouse and pen never come here: they edit at once, as before.
 */
export interface TouchPress {
  /**
   * A finger went down where a long press would edit: `onPress` runs if it rests PRESS_DELAY ms, and
   * `onEnd` (if given) when that edit ends.
   */
  begin(e: { pointerId: number; clientX: number; clientY: number }, onPress: () => void, onEnd?: () => void): void;
  /** A finger grabbed the marker: the edit starts now; `onEnd` runs when it ends. */
  grab(pointerId: number, onEnd?: () => void): void;
  /** True while `pointerId` is editing. */
  editing(pointerId: number): boolean;
}

const presses = new WeakMap<HTMLElement, TouchPress>();

/** The element's TouchPress (one per element; its listeners live on the element, and go with it). */
export function touchPressOf(el: HTMLElement): TouchPress {
  let tp = presses.get(el);
  if (!tp) {
    tp = createTouchPress(el);
    presses.set(el, tp);
  }
  return tp;
}

function createTouchPress(el: HTMLElement): TouchPress {
  const fingers = new Set<number>();
  let pending: { id: number; x: number; y: number; timer: ReturnType<typeof setTimeout> } | null = null;
  let active: number | null = null;
  /** What the edit in progress runs when it ends (given by the press that started it). */
  let onEnd: (() => void) | undefined;
  const cancel = () => {
    if (pending) clearTimeout(pending.timer);
    pending = null;
  };
  const end = () => {
    if (active === null) return;
    active = null;
    onEnd?.();
  };
  // Touch pointers are captured by the element they went down on, so their moves and ups arrive here.
  el.addEventListener(
    'pointerdown',
    (e) => {
      if (e.pointerType !== 'touch') return;
      fingers.add(e.pointerId);
      if (fingers.size > 1) {
        cancel();
        end();
      }
    },
    { capture: true },
  );
  el.addEventListener('pointermove', (e) => {
    if (pending?.id === e.pointerId && Math.hypot(e.clientX - pending.x, e.clientY - pending.y) > SLOP) cancel();
  });
  const up = (e: PointerEvent) => {
    fingers.delete(e.pointerId);
    if (pending?.id === e.pointerId) cancel();
    if (active === e.pointerId) end();
  };
  el.addEventListener('pointerup', up);
  el.addEventListener('pointercancel', up);
  el.addEventListener(
    'touchmove',
    (e) => {
      if (active !== null && e.cancelable) e.preventDefault();
    },
    { passive: false },
  );
  // A long press would open the context menu or start a text selection on a phone.
  el.addEventListener('contextmenu', (e) => {
    if (pending || active !== null) e.preventDefault();
  });
  return {
    begin(e, onPress, ended) {
      cancel();
      // The first press on an element can come before its listeners existed (they are made on demand).
      fingers.add(e.pointerId);
      if (fingers.size > 1) return;
      const id = e.pointerId;
      const due = performance.now() + PRESS_DELAY;
      let retried = false;
      const fire = () => {
        if (pending?.id !== id) return;
        // A busy main thread can run this timer before the moves that were queued meanwhile: let queued
        // input through first (a swipe that started moving in time is a swipe, not a press).
        const late = performance.now() - due > 50 && !retried;
        retried = late || retried;
        const inputPending = (navigator as { scheduling?: { isInputPending?: () => boolean } }).scheduling?.isInputPending?.() === true;
        if (late || inputPending) {
          pending.timer = setTimeout(fire, 16);
          return;
        }
        // Moves are delivered at the start of a frame, before its animation callbacks: decide in the next
        // frame, after any move that happened before the deadline has had its say.
        requestAnimationFrame(() => {
          if (pending?.id === id) finish();
        });
      };
      const finish = () => {
        pending = null;
        if (fingers.size !== 1 || !fingers.has(id)) return;
        active = id;
        onEnd = ended;
        onPress();
      };
      pending = { id, x: e.clientX, y: e.clientY, timer: setTimeout(fire, PRESS_DELAY) };
    },
    grab(pointerId, ended) {
      cancel();
      fingers.add(pointerId);
      if (fingers.size > 1) return;
      active = pointerId;
      onEnd = ended;
    },
    editing: (pointerId) => active === pointerId,
  };
}
