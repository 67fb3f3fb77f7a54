import { memo, useMemo } from 'react';
import { Slider, type SliderMark } from './Slider';
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
  /** Marks at values of the slider's quantity (placed on its log track). */
  readonly marks?: readonly (Omit<SliderMark, 'at'> & { readonly value: number })[];
}

/** Where `v` sits on a track of these ascending round values, 0 … 1, interpolated on a log scale; NaN outside. */
export function trackPosition(values: readonly number[], v: number): number {
  const n = values.length;
  if (n < 2 || !(v >= values[0]!) || !(v <= values[n - 1]!)) return NaN;
  let i = 0;
  while (i < n - 2 && values[i + 1]! < v) i++;
  const a = values[i]!;
  const b = values[i + 1]!;
  const f = a > 0 && b > a ? Math.log(v / a) / Math.log(b / a) : 0;
  return (i + Math.min(1, Math.max(0, f))) / (n - 1);
}

/**
 * A log-scale slider over round values (niceScale.ts) with a number field beside it: the slider stops on
 * 0.5, 1, 3, 5 …, the field takes any value the link allows.
 */
export const LogSlider = memo(function LogSlider({ label, value, min, max, integer = false, hint, onEdit, marks }: LogSliderProps) {
  const values = useMemo(() => niceValues(min, max, integer), [min, max, integer]);
  const placed = useMemo(() => marks?.map(({ value: v, ...m }) => ({ ...m, at: trackPosition(values, v) })), [marks, values]);
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
      marks={placed}
    />
  );
});
