/**
 * The 3D panel whose start-point drag is in progress (its canvas element), or null. Side-by-side panels
 * each check that the drag is theirs, so a drag begun in one panel does not continue over another.
 */
export const dragState: { owner: HTMLElement | null } = { owner: null };
