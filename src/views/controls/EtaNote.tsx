import { entryOf, runLabel } from '../../url/runCatalog';
import { useApp } from '../AppContext';

/**
 * Under the global η: which runs do not follow it (a run that sets its own η, Newton whose η defaults to
 * 1, Rprop which ignores η), so moving the slider never silently does nothing.
 */
export function EtaNote() {
  const runs = useApp((s) => s.experiment.runs);
  const own: string[] = [];
  const ignore: string[] = [];
  runs.forEach((r, i) => {
    const entry = entryOf(r.optimizer);
    const name = `${i + 1}. ${runLabel(r)}`;
    if (entry?.ignoresEta) ignore.push(name);
    else if (r.settings.eta !== undefined || entry?.settings.some((s) => s.key === 'eta' && s.kind === 'number' && !s.global)) own.push(name);
  });
  if (own.length === 0 && ignore.length === 0) return null;
  return (
    <p className="hint eta-note">
      {own.length > 0 && <>Own η (Newton's is 1): {own.join(', ')}. </>}
      {ignore.length > 0 && <>No η: {ignore.join(', ')}.</>}
    </p>
  );
}
