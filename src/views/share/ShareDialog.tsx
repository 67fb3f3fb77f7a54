import { useEffect, useId, useRef, useState } from 'react';
import { exportCsv, exportJson } from '../../lab/liveExport';
import { EMBED_VIEWS, HIDE_PARTS, type EmbedView, type HidePart } from '../../protocol/experiment';
import { useServices } from '../AppContext';
import { CopyRow } from './CopyRow';
import { captionOf, citation, iframeSnippet, linkOf } from './shareLinks';
import { download, snapshotView, viewElement } from './snapshot';

const PART_LABELS: Record<HidePart, string> = {
  controls: 'Controls',
  lectures: 'Lectures menu',
  runs: 'Run list',
  legend: 'Legend',
  notices: 'Notices',
  surface: '3D surface',
  contour: 'Contours',
  steps: 'Step overlays bar',
  data: 'Data view',
  network: 'Network diagram',
  layers: 'Gradients per layer',
  loss: 'Loss chart',
  map: '(η, γ) map',
  equations: 'Equations',
  theory: 'Theory',
};

/** Parts only the MLP lab has (the step overlays bar is in both labs since the MLP lab has overlays). */
const MLP_ONLY: readonly HidePart[] = ['network', 'layers'];

export const VIEW_LABELS: Record<EmbedView, string> = {
  surface: '3D surface',
  contour: 'Contours',
  loss: 'Loss chart',
  data: 'Data view',
  map: '(η, γ) map',
};

/** The share dialog: links (full, classroom, embed, iframe, citation) and the exports (CSV, JSON, PNG). */
export function ShareDialog({ onClose }: { onClose: () => void }) {
  const { store, live } = useServices();
  const ref = useRef<HTMLDialogElement>(null);
  const title = useId();
  // The state when the dialog opened: the page behind a modal dialog does not change.
  const [s] = useState(() => store.getState());
  const mlp = s.experiment.problem === 'mlp';
  const [hide, setHide] = useState<readonly HidePart[]>(['controls', 'lectures']);
  const [view, setView] = useState<EmbedView>('surface');
  const [size, setSize] = useState({ width: 800, height: 500 });
  const [status, setStatus] = useState('');
  const [shown] = useState(() => EMBED_VIEWS.filter((v) => viewElement(v) !== null));

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    const closed = () => onClose();
    d.addEventListener('close', closed);
    return () => d.removeEventListener('close', closed);
  }, [onClose]);

  const full = linkOf(s, [], null);
  const classroom = linkOf(s, hide, null);
  const embed = linkOf(s, [], view);
  const name = `downhill-${s.experiment.problem}`;

  const saveText = (what: 'CSV' | 'JSON') => {
    const st = store.getState();
    const r = what === 'CSV' ? exportCsv(st, live) : exportJson(st, live);
    if ('why' in r) return setStatus(`No ${what} yet: ${r.why}.`);
    download(new Blob([r.text], { type: what === 'CSV' ? 'text/csv' : 'application/json' }), `${name}.${what.toLowerCase()}`);
    setStatus(`${what} saved: the rows \`npm run -s trajectory\` prints for this link.`);
  };
  const savePng = async (v: EmbedView) => {
    try {
      const blob = await snapshotView(v, captionOf(store.getState(), VIEW_LABELS[v]));
      download(blob, `${name}-${v}-t${store.getState().t}.png`);
      setStatus(`${VIEW_LABELS[v]} saved as PNG (2×).`);
    } catch (err) {
      setStatus(`No PNG: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <dialog ref={ref} className="share-dialog" aria-labelledby={title}>
      <div className="share-head">
        <h2 id={title}>Share this experiment</h2>
        <button type="button" className="share-close" aria-label="Close" onClick={() => ref.current?.close()}>
          ✕
        </button>
      </div>
      <section aria-label="Links">
        <CopyRow label="Full link" text={full} />
        <fieldset className="share-parts">
          <legend>Classroom link: hide</legend>
          {HIDE_PARTS.filter((p) => mlp || !MLP_ONLY.includes(p)).map((p) => (
            <label key={p}>
              <input
                type="checkbox"
                checked={hide.includes(p)}
                onChange={(e) => setHide((h) => (e.target.checked ? [...h, p] : h.filter((x) => x !== p)))}
              />
              {PART_LABELS[p]}
            </label>
          ))}
        </fieldset>
        <CopyRow label="Classroom link" text={classroom} />
        <fieldset className="share-embed">
          <legend>Embed</legend>
          <label>
            View{' '}
            <select aria-label="Embedded view" value={view} onChange={(e) => setView(e.target.value as EmbedView)}>
              {EMBED_VIEWS.map((v) => (
                <option key={v} value={v}>
                  {VIEW_LABELS[v]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Width <input aria-label="Frame width" type="number" min={200} max={2000} value={size.width} onChange={(e) => setSize((z) => ({ ...z, width: clampSize(e.target.valueAsNumber, z.width) }))} />
          </label>
          <label>
            Height <input aria-label="Frame height" type="number" min={150} max={2000} value={size.height} onChange={(e) => setSize((z) => ({ ...z, height: clampSize(e.target.valueAsNumber, z.height) }))} />
          </label>
        </fieldset>
        <CopyRow label="Embed link" text={embed} />
        <CopyRow label="Iframe snippet" text={iframeSnippet(embed, size.width, size.height, `Downhill: ${VIEW_LABELS[view]}`)} multiline />
        <CopyRow label="Citation" text={citation(full)} />
      </section>
      <section aria-label="Export" className="share-export">
        <h3>Export</h3>
        <div className="share-buttons">
          <button type="button" onClick={() => saveText('CSV')}>
            Runs as CSV
          </button>
          <button type="button" onClick={() => saveText('JSON')}>
            Runs as JSON
          </button>
        </div>
        <div className="share-buttons">
          {shown.map((v) => (
            <button key={v} type="button" onClick={() => void savePng(v)}>
              PNG: {VIEW_LABELS[v]}
            </button>
          ))}
        </div>
        <p className="share-status" role="status">
          {status}
        </p>
      </section>
    </dialog>
  );
}

const clampSize = (v: number, prev: number) => (Number.isFinite(v) ? Math.max(100, Math.min(4000, Math.round(v))) : prev);
