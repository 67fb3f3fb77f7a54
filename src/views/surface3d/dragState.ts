/**
 * The 3D panel whose start-point drag is in progress (its canvas element), or null. Side-by-side panels
 * each check that the drag is theirs, so a drag begun in one panel does not continue over another. The
 * panel's orbit controls are off during the drag and on again when it ends.
 */
export const dragState = {
  owner: null as HTMLElement | null,
  controls: null as { enabled: boolean } | null,
  grab(owner: HTMLElement, controls: { enabled: boolean } | null): void {
    this.owner = owner;
    this.controls = controls;
    if (controls) controls.enabled = false;
  },
  release(owner: HTMLElement): void {
    if (this.owner !== owner) return;
    this.owner = null;
    if (this.controls) this.controls.enabled = true;
    this.controls = null;
  },
};
