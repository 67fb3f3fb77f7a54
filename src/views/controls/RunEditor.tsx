import { useState } from 'react';
import type { RunSpec } from '../../protocol/experiment';
import { entryOf, rangeText, settingApplies, type SettingSpec } from '../../url/runCatalog';
import { useApp } from '../AppContext';
import { RuleText } from './RuleText';

interface Props {
  readonly index: number;
  readonly run: RunSpec;
  readonly runs: readonly RunSpec[];
  readonly write: (runs: readonly RunSpec[]) => void;
}

/**
 * Exactly the settings of the run's optimizer, generated from its module's declaration: a field per
 * number (blank = its default; the link's η and γ for the runs that follow them), a menu per choice.
 * A typed value is committed on Enter or when the field loses focus; one the link's bounds refuse is
 * named in a notice and the run keeps its previous value.
 */
export function RunEditor({ index, run, runs, write }: Props) {
  const entry = entryOf(run.optimizer)!;
  const eta = useApp((s) => s.experiment.eta);
  const gamma = useApp((s) => s.experiment.gamma);
  const globals = { eta, gamma };
  const set = (key: string, value: number | string | undefined) => {
    const settings: Record<string, number | string> = { ...run.settings };
    if (value === undefined) delete settings[key];
    else settings[key] = value;
    // Settings that only apply with another value go when it goes (beta without decay exp).
    for (const spec of entry.settings) if (!settingApplies(spec, settings)) delete settings[spec.key];
    write(runs.map((r, i) => (i === index ? { optimizer: r.optimizer, settings } : r)));
  };
  return (
    <div className="run-editor" role="group" aria-label={`Settings of run ${index + 1}`}>
      <RuleText rule={entry.rule} />
      {entry.ignoresEta && <p className="hint">{entry.name} ignores η: its steps come from Δ.</p>}
      {entry.settings
        .filter((spec) => settingApplies(spec, run.settings))
        .map((spec) =>
          spec.kind === 'choice' ? (
            <label key={spec.key} className="setting">
              <span>{spec.label}</span>
              <select value={String(run.settings[spec.key] ?? spec.default)} onChange={(e) => set(spec.key, e.currentTarget.value === spec.default ? undefined : e.currentTarget.value)}>
                {spec.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <NumberSetting
              key={spec.key}
              spec={spec}
              value={run.settings[spec.key] as number | undefined}
              fallback={spec.global ? globals[spec.global] : spec.default}
              onCommit={(v) => set(spec.key, v)}
            />
          ),
        )}
    </div>
  );
}

function NumberSetting({ spec, value, fallback, onCommit }: { spec: Extract<SettingSpec, { kind: 'number' }>; value: number | undefined; fallback: number; onCommit: (v: number | string | undefined) => void }) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  // A new value replaces the draft during render (as TextField does), not in an effect: an effect's
  // setState leaves low-priority work pending after a synchronous commit (see ConvergenceMap's cursor).
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value === undefined ? '' : String(value));
  }
  const commit = () => {
    const text = draft.trim();
    if (text === (value === undefined ? '' : String(value))) return;
    // Text goes to the link as typed: the URL table parses it and refuses what it cannot hold.
    onCommit(text === '' ? undefined : (Number.isFinite(Number(text)) && /^[-+.\deE]+$/.test(text) ? Number(text) : text));
    // The field shows the run's value again: a refused text leaves the run as it was (the notice says
    // why), and an accepted one comes back as the new value on the next render (above).
    setDraft(value === undefined ? '' : String(value));
  };
  const dflt = Number.isFinite(fallback) ? String(fallback) : 'none';
  return (
    <label className="setting">
      <span>{spec.label}</span>
      <input
        type="text"
        inputMode="decimal"
        value={draft}
        placeholder={`${dflt}${spec.global ? ` (the link's ${spec.global === 'eta' ? 'η' : 'γ'})` : ''}`}
        title={`${spec.doc}; ${rangeText(spec)}; blank: ${dflt}`}
        aria-label={`${spec.label}, ${rangeText(spec)}; blank for ${dflt}`}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}
