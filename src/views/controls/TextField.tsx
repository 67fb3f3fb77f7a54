import { memo, useId, useState } from 'react';

interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onApply: (raw: string) => void;
  readonly hint: string;
  /** Label hidden (the field sits beside a slider that shows it); the name stays for assistive tech. */
  readonly compact?: boolean;
  readonly inputMode?: 'decimal' | 'numeric' | 'text';
}

/**
 * A text field applied on Enter or when it loses focus; shows the experiment's value otherwise. The text
 * goes to `onApply` as typed: the URL table reads it (url/edit.ts), so refused values keep the previous
 * one with a notice, exactly as in a link.
 */
export const TextField = memo(function TextField({ label, value, onApply, hint, compact, inputMode = 'text' }: TextFieldProps) {
  const id = useId();
  const [text, setText] = useState(value);
  // A new value from the experiment replaces the text, adjusted during render (React's pattern for state
  // that follows a prop), so a slider tick commits once instead of twice (an effect would re-render after it).
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setText(value);
  }
  const apply = () => {
    if (text === value) return;
    onApply(text);
    // Shown again until the experiment says otherwise: an accepted value arrives as the new `value`, a
    // refused one leaves the previous value (and a notice says why).
    setText(value);
  };
  return (
    <div className={compact ? 'field compact' : 'field'}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        inputMode={inputMode}
        value={text}
        title={hint}
        spellCheck={false}
        autoComplete="off"
        onChange={(ev) => setText(ev.currentTarget.value)}
        onBlur={apply}
        onKeyDown={(ev) => {
          if (ev.key === 'Enter') apply();
          if (ev.key === 'Escape') setText(value);
        }}
      />
    </div>
  );
});
