import type { DatasetKind } from '../engine/datasets';
import type { Values } from './values';
import { MLP_MAX_STEPS, paramCountOf } from './mlpFields';
import type { Notices } from './notices';
import { FIELDS, type StateKey } from './table';

/** The checks of an MLP link that span keys (each key alone was checked by its field in table.ts). */

/** Inputs of the network a data set needs: 1 for the sine regression, 2 for the classification sets. */
export const inputsFor = (dataset: DatasetKind): number => (dataset === 'sine' ? 1 : 2);

/**
 * The defaults that follow the data set, applied before a link's keys are read: arch takes the data
 * set's input count (1-8-8-1 for sine), and sine gets an identity output (a sigmoid cannot reach −1).
 */
export function mlpDefaults(values: Values, dataset: DatasetKind): void {
  values.arch = [inputsFor(dataset), ...FIELDS.arch.fallback.slice(1)];
  values.outact = dataset === 'sine' ? 'identity' : FIELDS.outact.fallback;
}

/**
 * Repairs, each with a notice on its key: an arch whose inputs do not match the data set (the inputs
 * are set to match, the hidden layers and outputs kept), bce on the sine regression (mse), a pair
 * outside θ of the arch (the default 0,1), steps past MLP_MAX_STEPS (the default). `given` holds the
 * keys the link set (the others hold defaults, which never need a repair).
 */
export function repairMlp(values: Values, given: ReadonlySet<StateKey>, notes: Notices): void {
  const need = inputsFor(values.dataset);
  if (values.arch[0] !== need) {
    const fixed = [need, ...values.arch.slice(1)];
    const arch = FIELDS.arch.format(values.arch);
    notes.add('arch', `arch ${arch} has ${values.arch[0]} inputs but dataset ${values.dataset} has ${need}; using ${FIELDS.arch.format(fixed)}`);
    values.arch = fixed;
  }
  if (values.loss === 'bce' && values.dataset === 'sine') {
    notes.add('loss', 'loss bce needs class labels 0 and 1 but dataset sine is a regression; using mse');
    values.loss = 'mse';
  }
  const outside = values.drop.filter((i) => i >= values.size);
  if (outside.length > 0) {
    notes.add('drop', `drop ${outside.join(',')} is past the ${values.size} generated points; ignored`);
    values.drop = values.drop.filter((i) => i < values.size);
  }
  const shape = inputsFor(values.dataset) + 1;
  if (values.add.length > 0 && values.add[0]!.length !== shape) {
    notes.add('add', `add holds ${values.add[0]!.length === 3 ? 'x1:x2:class' : 'x:y'} points but dataset ${values.dataset} needs ${shape === 3 ? 'x1:x2:class' : 'x:y'}; ignored`);
    values.add = [];
  }
  if (values.size - values.drop.length + values.add.length < 1) {
    notes.add('drop', `drop removes every point and add has none; ignored`);
    values.drop = [];
  }
  const n = paramCountOf(values.arch);
  if (values.pair[0] >= n || values.pair[1] >= n) {
    const fallback = FIELDS.pair.fallback;
    notes.add('pair', `pair ${FIELDS.pair.format(values.pair)} is outside the ${n} parameters (0 to ${n - 1}) of arch ${FIELDS.arch.format(values.arch)}; using the default ${FIELDS.pair.format(fallback)}`);
    values.pair = fallback;
  }
  if (given.has('steps') && values.steps > MLP_MAX_STEPS) {
    notes.add('steps', `steps ${values.steps} is over the MLP limit of ${MLP_MAX_STEPS}; using the default ${FIELDS.steps.fallback}`);
    values.steps = FIELDS.steps.fallback;
  }
}
