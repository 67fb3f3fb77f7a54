import { EMBED_VIEWS, HIDE_PARTS, type EmbedView, type HidePart } from '../protocol/experiment';
import { bad, clip, enumField, ok, type Field } from './fields';

/** At most this many entries in `hide` (every part once, and as many again of repeats or typos). */
export const MAX_HIDE_ENTRIES = 2 * HIDE_PARTS.length;

const KNOWN_PARTS = new Map<string, HidePart>(HIDE_PARTS.map((p) => [p, p]));

/**
 * Reads a `hide` list keeping what it can: every known part is hidden (in HIDE_PARTS order), each
 * unknown or repeated entry is named in `problems`. Refused as a whole (value null) only past
 * MAX_HIDE_ENTRIES entries. Work is bounded by the entry limit, whatever the text's length.
 */
export function readHide(raw: string): { value: HidePart[] | null; problems: string[] } {
  if (raw.trim() === '') return { value: [], problems: [] };
  const parts = raw.split(',', MAX_HIDE_ENTRIES + 1);
  if (parts.length > MAX_HIDE_ENTRIES) return { value: null, problems: [`has more than ${MAX_HIDE_ENTRIES} entries`] };
  const seen = new Set<HidePart>();
  const unknown: string[] = [];
  const twice: string[] = [];
  for (const p of parts) {
    const id = KNOWN_PARTS.get(p.trim());
    if (!id) unknown.push(`"${clip(p.trim())}"`);
    else if (seen.has(id)) twice.push(id);
    else seen.add(id);
  }
  const problems: string[] = [];
  if (unknown.length > 0) problems.push(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not parts' : 'is not a part'} of the page (${HIDE_PARTS.join(', ')})`);
  if (twice.length > 0) problems.push(`lists ${[...new Set(twice)].join(', ')} twice`);
  return { value: HIDE_PARTS.filter((p) => seen.has(p)), problems };
}

/**
 * The parts of the page hidden (a classroom link). `parse` is the strict reading (what a link writes);
 * the codec reads with `lenient`, which hides the known parts and names the others.
 */
export const hideField: Field<readonly HidePart[]> & { readonly lenient: typeof readHide } = {
  doc: 'parts of the page hidden (a classroom link): controls, lectures, runs, legend, notices, and the panels surface, contour, steps, data, network, loss, map, equations, theory; their state stays in the link',
  bounds: `a list of ${HIDE_PARTS.join(', ')} (unknown names are named in a notice, the rest hidden; at most ${MAX_HIDE_ENTRIES} entries)`,
  fallback: [],
  parse(raw) {
    const r = readHide(raw);
    return r.value && r.problems.length === 0 ? ok(r.value) : bad(r.problems.join('; '));
  },
  lenient: readHide,
  format: (v) => v.join(','),
  omit: (v) => v.length === 0,
};

const embedEnum = enumField<EmbedView>('', 'surface', EMBED_VIEWS);

/** The one view shown alone, filling the frame (for an iframe); none: the whole page. */
export const embedField: Field<EmbedView | null> = {
  doc: 'one view alone, filling the frame (for an iframe): surface (3D), contour, loss, data (the data view; the MLP: decision maps), map; the rest of the state stays in the link',
  bounds: `one of ${EMBED_VIEWS.join(', ')} (written only when set)`,
  fallback: null,
  parse: (raw) => embedEnum.parse(raw),
  format: (v) => v ?? 'none',
  omit: (v) => v === null,
};
