import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useApp } from '../context';

/**
 * A labelled field whose hint and error are tied to the control by aria-describedby, with
 * aria-invalid while it has an error, so screen readers read both with the field.
 */
export function Field({ id, label, error, hint, children }: {
  id: string; label: string; error?: string; hint?: string; children: (describedBy: string | undefined) => ComponentChildren;
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field" data-field={id}>
      <label for={id}>{label}</label>
      {hint && <span id={`${id}-hint`} class="hint">{hint}</span>}
      {children(describedBy)}
      {error && <span id={`${id}-error`} class="error">{error}</span>}
    </div>
  );
}

export function TextField({ id, label, value, onInput, error, hint, type = 'text', multiline, maxLength, autocomplete,
  onBlur, required }: {
  id: string; label: string; value: string; onInput(v: string): void; error?: string; hint?: string; type?: string;
  multiline?: boolean; maxLength?: number; autocomplete?: string; onBlur?(): void; required?: boolean;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(describedBy) => multiline ? (
        <textarea id={id} name={id} value={value} dir="auto" maxLength={maxLength} aria-describedby={describedBy}
          aria-invalid={!!error} aria-required={required} onBlur={onBlur}
          onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)} />
      ) : (
        <input id={id} name={id} type={type as 'text'} value={value} dir="auto" maxLength={maxLength} autocomplete={autocomplete}
          aria-describedby={describedBy} aria-invalid={!!error} aria-required={required} onBlur={onBlur}
          onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
      )}
    </Field>
  );
}

export function SelectField({ id, label, value, options, onChange, error, hint, required }: {
  id: string; label: string; value: string; options: { value: string; label: string }[]; onChange(v: string): void;
  error?: string; hint?: string; required?: boolean;
}) {
  const { t } = useApp();
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(describedBy) => (
        <select id={id} name={id} value={value} aria-describedby={describedBy} aria-invalid={!!error}
          aria-required={required} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
          <option value="">{t('submit.choose')}</option>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      )}
    </Field>
  );
}

/** A group of checkboxes with a filter box for long lists (countries, targets). */
export function CheckList({ id, legend, options, selected, onChange, error, filterable }: {
  id: string; legend: string; options: { value: string; label: string }[]; selected: string[];
  onChange(values: string[]): void; error?: string; filterable?: boolean;
}) {
  const { t, lang } = useApp();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLocaleLowerCase(lang);
  const shown = needle ? options.filter((o) => selected.includes(o.value) || o.label.toLocaleLowerCase(lang).includes(needle))
    : options;
  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  return (
    <fieldset class="field" id={id} data-field={id} aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={!!error}>
      <legend>{legend} <span class="hint">({t('submit.selected', { count: selected.length })})</span></legend>
      {filterable && (
        <input type="search" aria-label={`${t('submit.filter')}: ${legend}`} value={filter} id={`${id}-filter`}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
      )}
      <div class="checks">
        {shown.map((o) => (
          <label key={o.value}>
            <input type="checkbox" name={id} value={o.value} checked={selected.includes(o.value)}
              onChange={() => toggle(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      {error && <span id={`${id}-error`} class="error">{error}</span>}
    </fieldset>
  );
}

/** The form's summary for assistive technology: announced whenever it changes. */
export function FormAlert({ message, kind = 'error' }: { message: string; kind?: 'error' | 'ok' }) {
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} aria-live={kind === 'error' ? 'assertive' : 'polite'}
      class={message ? `notice ${kind}` : undefined} id="form-alert">
      {message}
    </div>
  );
}

/**
 * Field errors from a 422 problem, keyed by the form field of each path: by default its first
 * segment (`countries/2` → countries); several errors of one field are joined.
 */
export function fieldErrors(errors: { field: string; message: string }[],
  keyOf: (path: string) => string = (path) => path.split('/')[0] || 'form'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = keyOf(e.field);
    out[key] = out[key] ? `${out[key]} ${e.message}` : e.message;
  }
  return out;
}
