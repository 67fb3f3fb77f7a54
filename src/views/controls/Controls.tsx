import { useApp, useServices } from '../AppContext';
import { Slider } from './Slider';

/** Three significant digits: enough for a slider, short in the link. */
const sig3 = (v: number) => Number(v.toPrecision(3));
/** Whole steps, three significant digits: one arrow-key tick (0.01 decades ≈ 2.3 %) always changes the value. */
const niceSteps = (v: number) => (v < 100 ? Math.round(v) : Number(Math.round(v).toPrecision(3)));

/** Hyperparameter sliders (η on a log scale), number of steps and the layout switch. */
export function Controls() {
  const { store } = useServices();
  const eta = useApp((s) => s.experiment.eta);
  const gamma = useApp((s) => s.experiment.gamma);
  const steps = useApp((s) => s.experiment.steps);
  const layout = useApp((s) => s.layout);
  const problem = useApp((s) => s.experiment.problem);
  const { editor } = useServices();
  const set = store.getState().setExperiment;
  // The MLP keeps every θ_t of a path, so it runs at most MLP_MAX_STEPS (5000) steps (see the URL table).
  const maxSteps = problem === 'mlp' ? 5000 : 100_000;
  return (
    <section className="controls" aria-label="Hyperparameters">
      <fieldset className="lab-switch">
        <legend>Model</legend>
        {(
          [
            ['sigmoid', 'Sigmoid neuron σ(wx + b)'],
            ['mlp', 'Multilayer perceptron'],
          ] as const
        ).map(([p, name]) => (
          <label key={p}>
            <input type="radio" name="lab" value={p} checked={problem === p} onChange={() => editor?.switchLab(p)} />
            {name}
          </label>
        ))}
      </fieldset>
      <Slider
        label="Learning rate η"
        value={Math.log10(eta)}
        min={-4}
        max={3}
        step={0.01}
        display={String(eta)}
        hint="log scale, 0.0001 to 1000"
        onChange={(v) => set({ eta: Math.min(1000, Math.max(1e-4, sig3(10 ** v))) })}
      />
      <Slider label="Momentum γ" value={gamma} min={0} max={0.99} step={0.01} display={gamma.toFixed(2)} onChange={(v) => set({ gamma: Math.min(0.99, Math.max(0, Number(v.toFixed(2)))) })} />
      <Slider
        label="Steps"
        value={Math.log10(steps)}
        min={0}
        max={Math.log10(maxSteps)}
        step={0.01}
        display={String(steps)}
        hint={`log scale, 1 to ${maxSteps}`}
        onChange={(v) => set({ steps: Math.min(maxSteps, Math.max(1, niceSteps(10 ** v))) })}
      />
      <fieldset className="layout-switch">
        <legend>Layout</legend>
        {(['overlay', 'split'] as const).map((l) => (
          <label key={l}>
            <input type="radio" name="layout" value={l} checked={layout === l} onChange={() => store.getState().setLayout(l)} />
            {l === 'overlay' ? 'Overlay' : 'Side by side'}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
