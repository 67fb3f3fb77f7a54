import { memo, useEffect, useState, type ReactNode } from 'react';
import type { TheoryView } from '../../lab/pointTheory';
import type { RunSpec } from '../../protocol/experiment';
import { FIELDS } from '../../url/table';
import { entryOf, formatRun } from '../../url/runCatalog';
import { useApp, useServices } from '../AppContext';
import { runColor } from '../colors';
import { RunSelect } from '../controls/RunSelect';
import { theoryNumber as num } from './theoryFormat';
import { useTheory } from './useTheory';

/**
 * The theory at the point the followed run is at on the playback step (lab/pointTheory.ts): L, ∇L, H,
 * its eigenvalues and eigenvectors, the kind of point, then what each registered optimizer's module
 * says (its stability bound and best values on a quadratic with this spectrum), GD's η_opt per
 * direction and Newton's landing point, each with its one-sentence meaning. A bound that does not
 * apply shows its reason, never a number. Buttons set the followed run's own η (and γ) to the best
 * values shown, through the link's `runs` field (url/edit.ts), so the link reproduces it.
 */
export function TheoryPanel() {
  const view = useTheory();
  const runs = useApp((s) => s.experiment.runs);
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  const updating = view?.updating === true;
  // A held theory (lab/pointTheory.ts) gives way to the fresh one when its hold ends: read again then.
  const [, wake] = useState(0);
  const until = view?.heldUntil;
  useEffect(() => {
    if (until === undefined) return;
    const timer = setTimeout(() => wake((n) => n + 1), Math.max(0, until - performance.now()) + 20);
    return () => clearTimeout(timer);
  }, [until]);
  if (runs.length === 0) return <p className="hint">Add a run to see the theory at its point.</p>;
  return (
    <div className={`theory${updating ? ' updating' : ''}`} data-run={view?.run ?? ''} data-step={view?.step ?? ''} data-updating={updating ? '' : undefined} aria-busy={updating}>
      <div className="theory-head">
        <RunSelect text="Run" label="Run the theory follows" />
        {view && (
          <span className="theory-where">
            <span className="swatch" style={{ background: runColor(view.run) }} aria-hidden="true" />{' '}
            {updating ? `at step ${view.step} of the last path (the new one is being computed)` : view.pending ? 'at the start (its path is being computed)' : view.step === 0 ? 'at the start, step 0' : `at step ${view.step}`}
          </span>
        )}
      </div>
      {view ? (
        <TheoryBody view={view} runs={runs} />
      ) : (
        <p className="hint">{mlp ? 'Computing the theory on the slice plane (it comes with the network at this step)…' : 'No theory here: the loss or its curvature is not finite at this point.'}</p>
      )}
    </div>
  );
}

/** Memoised: while the last theory is held (lab/pointTheory.ts) the panel re-renders with the same view, and its rows stay. */
const TheoryBody = memo(function TheoryBody({ view, runs }: { view: TheoryView; runs: readonly RunSpec[] }) {
  const th = view.theory;
  const [w, b] = th.point;
  const [l1, l2] = th.eigenvalues;
  const lmax = th.eigenvalues[th.eigenvalues.length - 1]!;
  const axis = (v: readonly number[]) => `(${num(v[0]!)}, ${num(v[1]!)})`;
  return (
    <>
      <p className={`theory-scope${view.exact ? ' exact' : ''}`}>
        {view.exact
          ? 'Exact on this quadratic: H is the same everywhere, so these predictions hold for the whole surface.'
          : view.modified !== null && !th.plane
            ? `${th.explain.exact} The bounds are for a fixed η on the raw gradient: this run ${view.modified === 'decay' ? 'decays its η' : 'clips its gradient'}.`
            : th.explain.exact}
      </p>
      <div className="theory-body">
        <section className="theory-block">
          <dl className="theory-point">
            <Row term={th.plane ? '(a, b) on the slice' : 'θ = (w, b)'} value={`(${num(w!)}, ${num(b!)})`} why={th.plane ? th.explain.point : undefined} />
            <Row term="L" value={num(th.loss)} why={th.explain.loss} />
            <Row term="∇L" value={`(${num(th.gradient[0]!)}, ${num(th.gradient[1]!)})`} why={th.explain.gradient} />
            <Row term="H" value={<Matrix h={th.hessian} />} why={th.explain.hessian} />
            <Row term={<>λ<sub>min</sub>, λ<sub>max</sub></>} value={<span data-eigenvalues={`${l1},${l2}`}>{`${num(l1!)}, ${num(l2!)}`}</span>} why={th.explain.eigenvalues} />
            <Row term="eigenvectors" value={`${axis(th.eigenvectors[0]!)}, ${axis(th.eigenvectors[1]!)}`} why={`${th.explain.eigenvectors} Drawn as the two short axes through the point on the contour plot.`} />
          </dl>
          <p className={`theory-kind kind-${th.kind}`} data-kind={th.kind}>
            <strong>{KIND_NAME[th.kind]}.</strong> {th.explain.kind} {!th.convex && <strong className="not-convex">Not convex here.</strong>}
          </p>
          <Prediction view={view} />
          <SetBest view={view} runs={runs} lmax={lmax} />
        </section>
        <div className="theory-optimizers">
        {Object.entries(th.optimizers).map(([id, ot]) => {
          const entry = entryOf(id);
          const gamma = entry?.settings.some((s) => s.key === 'gamma');
          return (
            <section key={id} className="theory-block theory-optimizer" data-optimizer={id}>
              <h3>
                {entry?.name ?? id}
                {gamma ? ` (γ = ${num(th.gamma)})` : ''}
              </h3>
              <dl>
                {id === 'gd' &&
                  (th.etaOpt.some((x) => x !== null) ? (
                    <Row term={<>η<sub>opt</sub> = 1/λ</>} value={th.etaOpt.map((x, i) => `${x === null ? '—' : num(x)} (λ${i === 0 ? 'min' : 'max'})`).join(', ')} why={th.explain.etaOpt} data="gd-opt" />
                  ) : (
                    <Na term={<>η<sub>opt</sub></>} why="No η_opt: no direction curves up here (every λ ≤ 0), so no step lands on a minimum." />
                  ))}
                {ot.maxEta !== null ? <Row term="stable for η <" value={num(ot.maxEta)} why={ot.explain.maxEta} data={`${id}-max`} /> : <Na term="stability bound" why={ot.explain.maxEta} />}
                {ot.bestEta !== undefined && (ot.bestEta !== null ? <Row term="best η" value={num(ot.bestEta)} why={ot.explain.bestEta ?? ''} data={`${id}-best`} /> : <Na term="best η" why={ot.explain.bestEta ?? ''} />)}
                {ot.bestPair !== undefined &&
                  (ot.bestPair !== null ? (
                    <Row term="best (η*, γ*)" value={`(${num(ot.bestPair.eta)}, ${num(ot.bestPair.gamma)})`} why={ot.explain.bestPair ?? ''} data={`${id}-pair`} />
                  ) : (
                    <Na term="best (η, γ)" why={ot.explain.bestPair ?? ''} />
                  ))}
                {id === 'newton' &&
                  (th.newton.landing ? (
                    <Row term={`lands at (η = ${num(th.newton.eta)})`} value={`(${num(th.newton.landing[0]!)}, ${num(th.newton.landing[1]!)})`} why={th.explain.newton.replace(ot.explain.maxEta, '').trim()} data="newton-landing" />
                  ) : (
                    <Na term="Newton step" why={th.explain.newton} />
                  ))}
              </dl>
            </section>
          );
        })}
        </div>
      </div>
    </>
  );
});

const KIND_NAME: Readonly<Record<TheoryView['theory']['kind'], string>> = { bowl: 'Bowl', cap: 'Cap', saddle: 'Saddle', ridge: 'Ridge or trough', flat: 'Flat' };

/** What the theory predicts for the followed run's own η against its optimizer's bound. */
function Prediction({ view }: { view: TheoryView }) {
  const th = view.theory;
  const ot = th.run;
  const name = entryOf(view.optimizer)?.name ?? view.optimizer;
  if (view.eta === null) return <p className="theory-prediction">{name} ignores η: the theory of a fixed step size does not apply to it.</p>;
  if (!ot) return <p className="theory-prediction">{name} has no stability theory in its module: compare its path with GD's bounds below.</p>;
  if (ot.maxEta === null) return <p className="theory-prediction">{`Run ${view.run + 1}'s η = ${num(view.eta)}: ${ot.explain.maxEta}`}</p>;
  const ratio = view.eta / ot.maxEta;
  if (th.plane) {
    // A slice's curvature is a lower bound on the network's steepest: its bound is an upper bound on η.
    return (
      <p className="theory-prediction" data-verdict="slice">
        <strong>{`Run ${view.run + 1}'s η = ${num(view.eta)}`}</strong> {`is ${num(ratio)} × the stability bound ${num(ot.maxEta)} of the slice only: the network curves at least as steeply in directions the plane does not show, so its own bound is lower; above this one the run cannot be stable, below it nothing is promised.`}
      </p>
    );
  }
  if (view.modified !== null) {
    const how = view.modified === 'decay' ? 'its η decays (a schedule)' : 'its gradient is clipped';
    return (
      <p className="theory-prediction" data-verdict="modified">
        <strong>{`Run ${view.run + 1}'s η = ${num(view.eta)}`}</strong> {`starts at ${num(ratio)} × the fixed-η bound ${num(ot.maxEta)}, but ${how}, so the steps are not the fixed-η steps the bound is about: it does not decide whether this run converges.`}
      </p>
    );
  }
  const lmax = th.eigenvalues[th.eigenvalues.length - 1]!;
  const near = view.exact ? '' : ' near this point';
  const head = <strong>{`Run ${view.run + 1}'s η = ${num(view.eta)}`}</strong>;
  if (th.signs.includes(-1)) {
    // A direction curves down: below the bound the run is stable only across the upward directions.
    return (
      <p className="theory-prediction" data-verdict="escape">
        {head} {`is ${num(ratio)} × its stability bound ${num(ot.maxEta)} of the directions that curve up, but along λ_min < 0 the loss curves down: the run moves away from this point along it at any η${ratio > 1 ? ', and overshoots across the others' : ''}; it does not converge here.`}
      </p>
    );
  }
  // A flat direction makes a fixed step crawl, unless the module's bound does not depend on the eigenvalues (Newton rescales by H⁻¹).
  const flat = th.signs.includes(0) && view.optimizer !== 'newton';
  const verdict = ratio > 1 ? 'predicted to diverge' : ratio === 1 ? 'at the edge: neither converges nor diverges' : flat ? 'stable, but along the flat direction (λ ≈ 0) it barely moves: expect a crawl' : 'predicted to converge';
  // GD's own lesson (lecture 002): along λ_max, η·λ below 1 creeps, between 1 and 2 oscillates, above 2 diverges.
  const gdLesson = view.optimizer === 'gd' && lmax > 0 ? ` Along λ_max, η·λ = ${num(view.eta * lmax)}: ${view.eta * lmax < 1 ? 'below 1, so it approaches monotonically' : view.eta * lmax < 2 ? 'between 1 and 2, so it oscillates across the valley while it converges' : 'above 2, so each step overshoots by more than it corrects'}.` : '';
  return (
    <p className="theory-prediction" data-verdict={ratio > 1 ? 'diverge' : ratio === 1 ? 'edge' : flat ? 'crawl' : 'converge'}>
      {head} {`is ${num(ratio)} × its stability bound ${num(ot.maxEta)}${near}: ${verdict}.${gdLesson}`}
    </p>
  );
}

/** The buttons that set the followed run's own η (and γ) to the best values shown. */
function SetBest({ view, runs, lmax }: { view: TheoryView; runs: readonly RunSpec[]; lmax: number }) {
  const { editor } = useServices();
  const run = runs[view.run];
  const entry = run ? entryOf(run.optimizer) : undefined;
  // A held theory is the last path's: its best values are not for the runs the link holds now.
  if (!run || !entry || view.eta === null || view.updating) return null;
  // On a slice the best values are the plane's, not the network's (it has more directions): no buttons.
  if (view.theory.plane) return <p className="hint">No buttons to set η here: the slice's best η is not the network's, which curves in more directions than the plane shows.</p>;
  const hasGamma = entry.settings.some((s) => s.key === 'gamma');
  const set = (values: Readonly<Record<string, number>>) => {
    const settings: Record<string, number | string> = { ...run.settings, ...values };
    editor?.edit({ runs: runs.map((r, i) => formatRun(i === view.run ? { optimizer: r.optimizer, settings } : r)).join(',') });
  };
  const ot = view.theory.run;
  const buttons: { label: string; values: Record<string, number>; key: string }[] = [];
  if (ot?.bestPair && hasGamma) {
    const g = Math.min(FIELDS.gamma.max, tidy(ot.bestPair.gamma));
    buttons.push({ key: 'pair', label: `Set η = ${num(tidy(ot.bestPair.eta))}, γ = ${num(g)}${g < tidy(ot.bestPair.gamma) ? ' (γ* capped)' : ''}`, values: { eta: tidy(ot.bestPair.eta), gamma: g } });
  }
  if (ot?.bestEta) buttons.push({ key: 'best', label: `Set η = ${num(tidy(ot.bestEta))} (best fixed η)`, values: { eta: tidy(ot.bestEta) } });
  if (lmax > 0 && view.theory.convex && view.optimizer !== 'newton') buttons.push({ key: 'opt', label: `Set η = 1/λ_max = ${num(tidy(1 / lmax))}`, values: { eta: tidy(1 / lmax) } });
  const inBounds = buttons.filter((bt) => bt.values.eta! >= FIELDS.eta.min && bt.values.eta! <= FIELDS.eta.max);
  if (inBounds.length === 0) return null;
  return (
    <div className="theory-actions" role="group" aria-label={`Set run ${view.run + 1}'s settings from the theory`}>
      {inBounds.map((bt) => (
        <button key={bt.key} type="button" data-set={bt.key} onClick={() => set(bt.values)}>
          {bt.label}
        </button>
      ))}
    </div>
  );
}

/** Four significant digits: what a button writes into the link. */
const tidy = (x: number): number => Number(x.toPrecision(4));

function Row({ term, value, why, data }: { term: ReactNode; value: ReactNode; why?: string; data?: string }) {
  return (
    <div className="theory-row" data-entry={data}>
      <dt>{term}</dt>
      <dd>
        <span className="value">{value}</span>
        {why && <span className="why">{why}</span>}
      </dd>
    </div>
  );
}

function Na({ term, why }: { term: ReactNode; why: string }) {
  return (
    <div className="theory-row na">
      <dt>{term}</dt>
      <dd>
        <span className="why">{why}</span>
      </dd>
    </div>
  );
}

function Matrix({ h }: { h: readonly number[] }) {
  return (
    <span className="matrix" role="img" aria-label={`H = [[${num(h[0]!)}, ${num(h[1]!)}], [${num(h[2]!)}, ${num(h[3]!)}]]`}>
      <span aria-hidden="true">{num(h[0]!)}</span>
      <span aria-hidden="true">{num(h[1]!)}</span>
      <span aria-hidden="true">{num(h[2]!)}</span>
      <span aria-hidden="true">{num(h[3]!)}</span>
    </span>
  );
}
