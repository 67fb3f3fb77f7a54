import { useApp } from '../AppContext';
import { runLabel } from '../../url/runCatalog';
import { useLiveValue } from '../useLive';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** Says which 2-D slice of parameter space the surface shows (the page must never leave that implicit). */
export function SliceCaption() {
  const e = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment : null));
  const info = useLiveValue((live) => live.surface?.slice ?? null);
  if (!e) return null;
  const first = e.runs[0] ? `run 1 (${runLabel(e.runs[0])})` : 'θ₀';
  let text: string;
  if (e.slice === 'params') {
    const [a, b] = info?.mode === 'params' ? info.labels : [`θ[${e.pair[0]}]`, `θ[${e.pair[1]}]`];
    text = `Slice through two parameters: a = ${a}, b = ${b}, every other parameter at its start value${e.trainOnly ? '; only these two are trained, so the paths lie on the surface' : '; all are trained, so the paths are projections'}.`;
  } else if (e.slice === 'random') {
    text = `Slice along two random filter-normalized directions d1, d2 (Li et al. 2018), centred at ${e.center === 'start' ? 'the start θ₀' : `the end of ${first}'s training`}; the paths are projections.`;
  } else {
    const ex = info?.mode === 'pca' && info.explained ? ` They explain ${pct(info.explained[0])} and ${pct(info.explained[1])} of the path's variance.` : '';
    text = `Slice along the two principal directions pc1, pc2 of ${first}'s path θ_t − θ_final, centred at θ_final; the paths are projections.${ex}`;
  }
  return <p className="slice-caption">{text}</p>;
}
