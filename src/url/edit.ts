import type { AnyExperiment, AnyShared, ProblemKind } from '../protocol/experiment';
import { viewOfState, type AppStore, type ExperimentPatch, type LabView } from '../state/store';
import { sign } from './checksum';
import { decodeAny, defaultSharedOf, linkParts, type Notice } from './codec';
import type { Field } from './fields';
import { planeFieldsOf } from './planeFields';
import { FIELDS, omitted, type StateKey } from './table';
import { valuesOf } from './values';

/**
 * A control's edit, read the way a link is read: the state is written as a link with each key of
 * `changes` set to the user's text, and decodeAny reads it back. So an edit gets exactly the bounds, repairs and
 * notices a link would (an arch that does not fit the data set, a pair outside θ, bce for sine …), and
 * what the page shows is always something a link can reproduce. Never throws.
 */
export function editField(shared: AnyShared, changes: EditChanges): { shared: AnyShared; notices: Notice[] } {
  const values = valuesOf(shared) as Record<string, unknown>;
  const text: Record<string, string> = {};
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) text[k] = v;
  const changed = (k: string) => Object.hasOwn(text, k);
  // An edit of runs replaces an opt list; otherwise a key encode would leave out stays out.
  const leftOut = (k: StateKey) => omitted(k, values[k]) || (k === 'opt' && changed('runs'));
  return decodeAny(sign(linkParts(shared.experiment.problem, values, text, (k) => changed(k) || !leftOut(k)).join('&')));
}

/** A control's edit: link keys (the table's, or the shown surface's own settings such as `curv`) to their text. */
export type EditChanges = Partial<Record<StateKey, string>> & Readonly<Record<string, string | undefined>>;

/** What the controls call to change a field by its URL key, or to switch labs. */
export interface Editor {
  /**
   * Sets each key of `changes` to its text (as editField reads them, in one run); notices about the
   * edit replace the previous ones from controls (source 'input'). A value the URL table refuses leaves
   * the field as it was, with a notice naming it and why.
   */
  edit(changes: EditChanges): void;
  /** Shows the other lab: the experiment last shown there in this session, else its default link. */
  switchLab(problem: ProblemKind): void;
  /** The MLP's point edits (see MlpExperiment drop and add), written through their URL fields. */
  editPoints(drop: readonly number[], add: readonly (readonly number[])[]): void;
}

export function createEditor(store: AppStore): Editor {
  const last = new Map<ProblemKind, { experiment: AnyExperiment; view: LabView }>();
  const editor: Editor = {
    edit(changes) {
      const st = store.getState();
      st.dismissNotices('input');
      // A value its field refuses is not applied: the field keeps what it showed, and a notice says why.
      const accepted: Record<string, string> = {};
      const own = planeFieldsOf(st.experiment.problem);
      for (const [k, raw] of Object.entries(changes) as [string, string | undefined][]) {
        if (raw === undefined) continue;
        const field = (Object.hasOwn(FIELDS, k) ? FIELDS[k as StateKey] : own.find((f) => f.key === k)) as Field<unknown> | undefined;
        if (!field) {
          st.notify({ source: 'input', key: k, message: `${k} is not a setting of problem=${st.experiment.problem}; ignored` });
          continue;
        }
        const r = field.parse(raw);
        if (r.ok) accepted[k] = raw;
        else st.notify({ source: 'input', key: k, message: `${k}: ${r.why}; kept the previous value` });
      }
      if (Object.keys(accepted).length === 0) return;
      const { shared, notices } = editField({ experiment: st.experiment, view: viewOfState(st) }, accepted);
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
      last.set(st.experiment.problem, { experiment: st.experiment, view: { t: st.t, off: st.off, theory: st.theory } });
      st.dismissNotices('input');
      // Back to a lab: its experiment, playback step, hidden runs and followed run as they were.
      const back = last.get(problem);
      if (back) st.replaceExperiment(back.experiment, back.view);
      else st.replaceExperiment(defaultSharedOf(problem).experiment);
    },
  };
  return editor;
}
