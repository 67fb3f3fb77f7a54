import type { AnyExperiment, AnyShared, ProblemKind } from '../protocol/experiment';
import type { AppStore, ExperimentPatch } from '../state/store';
import { sign } from './checksum';
import { decodeAny, defaultMlpShared, defaultShared, type Notice } from './codec';
import type { Field } from './fields';
import { FIELDS, keysOf, omitted, type StateKey } from './table';
import { valuesOf } from './values';

/**
 * A control's edit, read the way a link is read: the state is written as a link with each key of
 * `changes` set to the user's text, and decodeAny reads it back. So an edit gets exactly the bounds, repairs and
 * notices a link would (an arch that does not fit the data set, a pair outside θ, bce for sine …), and
 * what the page shows is always something a link can reproduce. Never throws.
 */
export function editField(shared: AnyShared, changes: Partial<Record<StateKey, string>>): { shared: AnyShared; notices: Notice[] } {
  const values = valuesOf(shared) as Record<string, unknown>;
  const changed = (k: StateKey) => Object.hasOwn(changes, k) && changes[k] !== undefined;
  // An edit of runs replaces an opt list; otherwise a key encode would leave out stays out.
  const leftOut = (k: StateKey) => omitted(k, values[k]) || (k === 'opt' && changed('runs'));
  const body = keysOf(shared.experiment.problem)
    .filter((k) => changed(k) || !leftOut(k))
    .map((k) => `${k}=${changed(k) ? encodeURIComponent(changes[k]!) : (FIELDS[k] as Field<unknown>).format(values[k])}`)
    .join('&');
  return decodeAny(sign(body));
}

/** What the controls call to change a field by its URL key, or to switch labs. */
export interface Editor {
  /**
   * Sets each key of `changes` to its text (as editField reads them, in one run); notices about the
   * edit replace the previous ones from controls (source 'input'). A value the URL table refuses leaves
   * the field as it was, with a notice naming it and why.
   */
  edit(changes: Partial<Record<StateKey, string>>): void;
  /** Shows the other lab: the experiment last shown there in this session, else its default link. */
  switchLab(problem: ProblemKind): void;
  /** The MLP's point edits (see MlpExperiment drop and add), written through their URL fields. */
  editPoints(drop: readonly number[], add: readonly (readonly number[])[]): void;
}

export function createEditor(store: AppStore): Editor {
  const last = new Map<ProblemKind, AnyExperiment>();
  const editor: Editor = {
    edit(changes) {
      const st = store.getState();
      st.dismissNotices('input');
      // A value its field refuses is not applied: the field keeps what it showed, and a notice says why.
      const accepted: Partial<Record<StateKey, string>> = {};
      for (const [k, raw] of Object.entries(changes) as [StateKey, string][]) {
        const r = (FIELDS[k] as Field<unknown>).parse(raw);
        if (r.ok) accepted[k] = raw;
        else st.notify({ source: 'input', key: k, message: `${k}: ${r.why}; kept the previous value` });
      }
      if (Object.keys(accepted).length === 0) return;
      const { shared, notices } = editField({ experiment: st.experiment, view: { layout: st.layout, off: st.off, t: st.t, camera: st.camera } }, accepted);
      for (const n of notices) st.notify({ ...n, source: 'input' });
      if (shared.experiment.problem !== st.experiment.problem) return;
      const { problem: _problem, ...patch } = shared.experiment;
      st.setExperiment(patch as ExperimentPatch);
    },
    editPoints(drop, add) {
      editor.edit({ drop: FIELDS.drop.format([...drop].sort((a, b) => a - b)), add: FIELDS.add.format(add) });
    },
    switchLab(problem) {
      const st = store.getState();
      if (st.experiment.problem === problem) return;
      last.set(st.experiment.problem, st.experiment);
      st.dismissNotices('input');
      st.replaceExperiment(last.get(problem) ?? (problem === 'mlp' ? defaultMlpShared() : defaultShared()).experiment);
    },
  };
  return editor;
}
