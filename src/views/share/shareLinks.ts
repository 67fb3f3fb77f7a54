import { HIDE_PARTS, type EmbedView, type HidePart } from '../../protocol/experiment';
import { viewOfState, type AppState } from '../../state/store';
import { encode } from '../../url/codec';
import { planeEntryOf } from '../../url/planeCatalog';
import { runLabel } from '../../url/runCatalog';

/** The page's address without its fragment (where every link of the dialog points). */
export const pageBase = (): string => `${location.origin}${location.pathname}`;

/** The link of the state shown with these parts hidden and this view embedded (none: the whole page). */
export function linkOf(s: AppState, hide: readonly HidePart[], embed: EmbedView | null, base = pageBase()): string {
  const ordered = HIDE_PARTS.filter((p) => hide.includes(p));
  return `${base}#${encode({ experiment: s.experiment, view: { ...viewOfState(s), hide: ordered, embed } })}`;
}

/** Escapes text for an HTML attribute value in double quotes. */
const attr = (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The `<iframe>` snippet of an embed link. */
export function iframeSnippet(src: string, width: number, height: number, title: string): string {
  return `<iframe src="${attr(src)}" width="${width}" height="${height}" title="${attr(title)}" loading="lazy" style="border:0"></iframe>`;
}

/** The one-line citation. */
export const citation = (link: string): string => `Downhill, ${link}`;

/** The caption burned into an exported picture: what it shows, the runs with their settings, the step. */
export function captionOf(s: AppState, view: string): string[] {
  const e = s.experiment;
  const problem = e.problem === 'mlp' ? `MLP ${e.layers.join('-')} on ${e.dataset}, ${e.slice} slice` : (planeEntryOf(e.problem)?.name ?? e.problem);
  const runs = e.runs.map((r, i) => `${i + 1}. ${runLabel(r)}${s.off.includes(i) ? ' (hidden)' : ''}`).join('; ');
  return [`Downhill: ${view} · ${problem} · step ${s.t} of ${e.steps} · η = ${e.eta}, γ = ${e.gamma}`, `Runs: ${runs || 'none'}`];
}
