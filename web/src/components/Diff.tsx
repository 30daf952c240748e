import { useApp } from '../context';
import type { FieldChange } from '../api/types';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A revision's changes, field by field: the value before (struck) and after (inserted). */
export function RevisionChanges({ changes }: { changes: FieldChange[] }) {
  const { t } = useApp();
  if (!changes.length) return null;
  return (
    <table class="diff">
      <thead>
        <tr><th scope="col">{t('diff.field')}</th><th scope="col">{t('diff.before')}</th>
          <th scope="col">{t('diff.after')}</th></tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field} data-field={c.field}>
            <th scope="row">{t(`field.${c.field.split('/')[0]}`)}</th>
            <td><del>{show(c.before)}</del></td>
            <td><ins>{show(c.after)}</ins></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
