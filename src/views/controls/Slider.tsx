import { memo, useId } from 'react';
import { TextField } from './TextField';

interface SliderProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly display: string;
  readonly onChange: (v: number) => void;
  readonly hint?: string;
  /** A number field beside the label (named "<label> (number)"): its text goes to onType as typed. */
  readonly onType?: (raw: string) => void;
  /**
   * Marks under the track (the theory's η bounds): where they sit on the track, 0 … 1, and what they say. Given
   * (even empty), the slider keeps room for two rows of marks whether it shows none, one or two rows, so its
   * height (and the place of everything below it) does not depend on them; left out, there is no room.
   */
  readonly marks?: readonly SliderMark[];
}

export interface SliderMark {
  /** Position along the track, 0 (min) … 1 (max). */
  readonly at: number;
  /** Short text under the mark ("1/λ"). */
  readonly label: string;
  /** What it means, with its value (tooltip and accessible description). */
  readonly title: string;
  readonly kind: string;
}

/** A labelled range input (arrow keys work natively) with its value beside the label, typed or shown. */
export const Slider = memo(function Slider({ label, value, min, max, step, display, onChange, hint, onType, marks }: SliderProps) {
  const id = useId();
  const marksId = useId();
  const shown = staggered((marks ?? []).filter((m) => m.at >= 0 && m.at <= 1));
  return (
    <div className="slider">
      <div className="slider-head">
        <label htmlFor={id}>{label}</label>
        {onType ? (
          <TextField label={`${label} (number)`} value={display} onApply={onType} hint={hint ?? label} compact inputMode="decimal" />
        ) : (
          <output htmlFor={id}>{display}</output>
        )}
      </div>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        title={hint}
        aria-valuetext={display}
        aria-describedby={shown.length > 0 ? marksId : undefined}
        onChange={(e) => {
          const v = Number(e.currentTarget.value);
          if (Number.isFinite(v)) onChange(v);
        }}
      />
      {marks !== undefined && (
        <div className="slider-marks" id={marksId}>
          {shown.map((m) => (
            <span key={m.kind} className={`slider-mark mark-${m.kind} row-${m.row}`} style={{ left: `${(m.at * 100).toFixed(2)}%` }} title={m.title}>
              <span className="visually-hidden">{m.title}. </span>
              <span aria-hidden="true">{m.label}</span>
            </span>
          ))}
        </div>
      )}
    </div>
  );
});

/** Track distance under which two marks' labels would overlap: the second goes on a second row. */
const CLOSE = 0.12;

/** The marks in track order, each on row 0 or, when it sits close to the previous one on row 0, row 1. */
export function staggered(marks: readonly SliderMark[]): (SliderMark & { readonly row: 0 | 1 })[] {
  const out: (SliderMark & { row: 0 | 1 })[] = [];
  for (const m of [...marks].sort((a, b) => a.at - b.at)) {
    const prev = out[out.length - 1];
    out.push({ ...m, row: prev && prev.row === 0 && m.at - prev.at < CLOSE ? 1 : 0 });
  }
  return out;
}
