import { useMemo } from 'react';
import { Slider } from './Slider';
import { nearestIndex, niceValues } from './niceScale';

interface LogSliderProps {
  readonly label: string;
  readonly value: number;
  /** The URL field's bounds (imported from the table by the caller, never retyped). */
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly hint: string;
  /** The new value as text, for the URL table (url/edit.ts) to read. */
  readonly onEdit: (raw: string) => void;
}

/**
 * A log-scale slider over round values (niceScale.ts) with a number field beside it: the slider stops on
 * 0.5, 1, 3, 5 …, the field takes any value the link allows.
 */
export function LogSlider({ label, value, min, max, integer = false, hint, onEdit }: LogSliderProps) {
  const values = useMemo(() => niceValues(min, max, integer), [min, max, integer]);
  return (
    <Slider
      label={label}
      value={nearestIndex(values, value)}
      min={0}
      max={values.length - 1}
      step={1}
      display={String(value)}
      hint={hint}
      onChange={(i) => onEdit(String(values[i] ?? value))}
      onType={onEdit}
    />
  );
}
