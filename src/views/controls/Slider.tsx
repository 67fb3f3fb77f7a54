import { useId } from 'react';
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
}

/** A labelled range input (arrow keys work natively) with its value beside the label, typed or shown. */
export function Slider({ label, value, min, max, step, display, onChange, hint, onType }: SliderProps) {
  const id = useId();
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
        onChange={(e) => {
          const v = Number(e.currentTarget.value);
          if (Number.isFinite(v)) onChange(v);
        }}
      />
    </div>
  );
}
