import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Activation, AnyExperiment, DatasetKind, LossKind, MlpExperiment, SliceMode } from '../../protocol/experiment';
import { FIELDS, type StateKey } from '../../url/table';
import { useApp, useServices } from '../AppContext';
import { LogSlider } from '../controls/LogSlider';
import { Slider } from '../controls/Slider';
import { TextField } from '../controls/TextField';
import { netParams } from './netLayout';

const DATASETS: readonly [DatasetKind, string][] = [
  ['circle', 'Circle'],
  ['xor', 'XOR'],
  ['gaussians', 'Two Gaussians'],
  ['spiral', 'Spiral'],
  ['sine', 'Sine (regression, 1 input)'],
];
const ACTS: readonly Activation[] = ['tanh', 'sigmoid', 'relu', 'identity'];
const LOSS_NAMES: readonly [LossKind, string][] = [
  ['mse', 'Mean squared error'],
  ['bce', 'Binary cross-entropy'],
];
const SLICES: readonly [SliceMode, string][] = [
  ['pca', 'PCA of the path'],
  ['random', 'Random directions'],
  ['params', 'Two parameters'],
];

function Select<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: readonly (readonly [T, string])[]; onChange: (v: T) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(ev) => onChange(ev.currentTarget.value as T)}>
        {options.map(([v, name]) => (
          <option key={v} value={v}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Choosing a data set also picks what suits it where the current choice cannot fit it: regression
 * targets in [−1, 1] need an identity output and MSE; class labels 0/1 a sigmoid output. (The URL table
 * repairs the inputs of arch itself, with a notice.)
 */
function datasetChange(e: Pick<MlpExperiment, 'dataset' | 'outputActivation'>, next: DatasetKind): Partial<Record<StateKey, string>> {
  const change: Partial<Record<StateKey, string>> = { dataset: next };
  if (next === 'sine' && e.dataset !== 'sine') {
    change.outact = 'identity';
    change.loss = 'mse';
  } else if (next !== 'sine' && e.dataset === 'sine' && e.outputActivation === 'identity') change.outact = 'sigmoid';
  return change;
}

/** The fields these controls show: an η, γ or steps change does not re-render them. */
const mlpFields = (s: { experiment: AnyExperiment }) => {
  const e = s.experiment;
  if (e.problem !== 'mlp') return null;
  const { dataset, noise, size, seed, layers, activation, outputActivation, loss, init, slice, pair, trainOnly, center, extent } = e;
  return { dataset, noise, size, seed, layers, activation, outputActivation, loss, init, slice, pair, trainOnly, center, extent };
};

/**
 * The MLP lab's settings: data set, network, loss and the slice. Every change goes through the URL
 * table (url/edit.ts), so it gets the same bounds, repairs and notices as a link.
 */
export function MlpControls() {
  const { editor } = useServices();
  const e = useApp(useShallow(mlpFields));
  const layers = e?.layers;
  const params = useMemo(() => (layers ? netParams(layers) : []), [layers]);
  if (!e || !editor) return null;
  const set = (key: StateKey, raw: string) => editor.edit({ [key]: raw });
  const actOptions = ACTS.map((a) => [a, a] as const);
  return (
    <section className="controls mlp-controls" aria-label="Network and slice">
      <Select label="Data set" value={e.dataset} options={DATASETS} onChange={(v) => editor.edit(datasetChange(e, v))} />
      <Slider label="Noise σ" value={e.noise} min={0} max={1} step={0.01} display={String(e.noise)} onChange={(v) => set('noise', v.toFixed(2))} onType={(raw) => set('noise', raw)} />
      <Slider label="Points" value={e.size} min={10} max={500} step={10} display={String(e.size)} onChange={(v) => set('size', String(Math.round(v)))} onType={(raw) => set('size', raw)} />
      <div className="field seed">
        <TextField label="Seed" value={String(e.seed)} hint="integer 0 to 2147483647: the data, its noise, θ₀ and the random directions" onApply={(raw) => set('seed', raw)} />
        <button type="button" onClick={() => set('seed', String((e.seed * 1103515245 + 12345) % 2147483648))}>
          New seed
        </button>
      </div>
      <TextField label="Layers (inputs-hidden…-outputs)" value={e.layers.join('-')} hint="e.g. 2-8-8-1; 1 input for sine, 2 otherwise; up to 4 hidden layers of 16" onApply={(raw) => set('arch', raw)} />
      <Select label="Hidden activation" value={e.activation} options={actOptions} onChange={(v) => set('act', v)} />
      <Select label="Output activation" value={e.outputActivation} options={actOptions} onChange={(v) => set('outact', v)} />
      <Select label="Loss" value={e.loss} options={LOSS_NAMES} onChange={(v) => set('loss', v)} />
      <LogSlider
        label="Initial weight scale"
        value={e.init}
        min={FIELDS.init.min}
        max={FIELDS.init.max}
        hint="× the seeded Glorot/He weights (1: as drawn); large scales make gradients explode"
        onEdit={(raw) => set('init', raw)}
      />
      <fieldset className="slice-switch">
        <legend>Surface slice</legend>
        {SLICES.map(([m, name]) => (
          <label key={m}>
            <input type="radio" name="slice" value={m} checked={e.slice === m} onChange={() => set('slice', m)} />
            {name}
          </label>
        ))}
      </fieldset>
      {/* Always there (also the keyboard's way to pick parameters): choosing switches to a two-parameter slice. */}
      <PairControls e={e} params={params} onEdit={(changes) => editor.edit(e.slice === 'params' ? changes : { slice: 'params', ...changes })} />
      {e.slice === 'random' && (
        <Select
          label="Centre of the plane"
          value={e.center}
          options={[
            ['end', 'End of training'],
            ['start', 'Start θ₀'],
          ]}
          onChange={(v) => set('center', v)}
        />
      )}
      <LogSlider
        label="Slice extent"
        value={e.extent}
        min={FIELDS.extent.min}
        max={FIELDS.extent.max}
        hint={e.slice === 'params' ? '± parameter units around the start' : e.slice === 'random' ? '± filter norms' : '× the window that fits the path'}
        onEdit={(raw) => set('extent', raw)}
      />
    </section>
  );
}

function PairControls({ e, params, onEdit }: { e: Pick<MlpExperiment, 'pair' | 'slice' | 'trainOnly'>; params: ReturnType<typeof netParams>; onEdit: (c: Partial<Record<StateKey, string>>) => void }) {
  const ida = useId();
  const idb = useId();
  const options = params.map((p) => (
    <option key={p.index} value={p.index}>
      {p.label}
    </option>
  ));
  return (
    <fieldset className="pair">
      <legend>Two-parameter slice</legend>
      <div className="field">
        <label htmlFor={ida}>Axis a</label>
        <select id={ida} value={e.pair[0]} onChange={(ev) => onEdit({ pair: `${ev.currentTarget.value},${e.pair[1]}` })}>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor={idb}>Axis b</label>
        <select id={idb} value={e.pair[1]} onChange={(ev) => onEdit({ pair: `${e.pair[0]},${ev.currentTarget.value}` })}>
          {options}
        </select>
      </div>
      <label className="check">
        <input type="checkbox" checked={e.slice === 'params' && e.trainOnly} onChange={(ev) => onEdit({ train: ev.currentTarget.checked ? 'pair' : 'all' })} />
        Train only these two (the path stays on the surface)
      </label>
    </fieldset>
  );
}
