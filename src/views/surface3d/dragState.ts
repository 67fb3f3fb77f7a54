/** Whether a start-point drag is in progress in a 3D view (pointer events from the mesh and marker share it). */
export const dragState = { active: false };
