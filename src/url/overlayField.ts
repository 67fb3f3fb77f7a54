import { bad, clip, ok, type Field } from './fields';
import type { OverlayId } from '../protocol/experiment';
import { OVERLAYS } from '../protocol/experiment';

/**
 * The step overlays shown at the playback step for the followed run (link `show`, a list): `step` the
 * step's parts as arrows (−η∇L; momentum's history and update tip to tail; Nesterov's look-ahead;
 * Rprop's Δ box; QuickProp's secant; Newton's −H⁻¹∇L), `taylor` the tangent plane in 3D with the
 * predicted against the actual ΔL, `quad` the second-order patch in 3D, `zoom` an inset on the contour
 * plot with the step magnified (contour/drawZoom.ts). Written in a fixed order.
 */
export const showField: Field<readonly OverlayId[]> = {
  doc: 'step overlays at the playback step for the followed run: step (arrows), taylor (tangent plane), quad (second-order patch), zoom (the step magnified in an inset on the contours); in the MLP lab projected on the slice',
  bounds: `a list of ${OVERLAYS.join(', ')}, each once (written only when some are on)`,
  fallback: [],
  parse(raw) {
    if (raw.trim() === '') return ok([]);
    const known = new Map<string, OverlayId>(OVERLAYS.map((o) => [o, o]));
    const parts = raw.split(',', OVERLAYS.length + 1);
    if (parts.length > OVERLAYS.length) return bad(`has more than ${OVERLAYS.length} entries`);
    const seen = new Set<OverlayId>();
    for (const p of parts) {
      const id = known.get(p.trim());
      if (!id) return bad(`"${clip(p)}" is not one of ${OVERLAYS.join(', ')}`);
      if (seen.has(id)) return bad(`lists ${id} twice`);
      seen.add(id);
    }
    return ok(OVERLAYS.filter((o) => seen.has(o)));
  },
  format: (v) => v.join(','),
  omit: (v) => v.length === 0,
};
