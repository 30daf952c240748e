import { useState } from 'preact/hooks';
import { useApp, isModerator } from '../context';
import { ApiError, send } from '../api/client';
import type { Entry } from '../api/types';

/** The workflow actions the reader may take on an entry, with the comment a return needs. */
export function Transitions({ entry, onDone }: { entry: Pick<Entry, 'id' | 'state' | 'pending_state' | 'owner_id' | 'version'>;
  onDone(action: string): void }) {
  const { t, session } = useApp();
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const moderator = isModerator(session);
  const owner = entry.owner_id === session.user.id || (entry.owner_id !== undefined && !moderator);
  const pending = entry.pending_state === 'pending';
  const actions: string[] = [];
  if (owner && (entry.state === 'draft' || entry.state === 'returned' || entry.pending_state === 'returned'))
    actions.push('submit');
  if (moderator && (entry.state === 'submitted' || pending)) actions.push('publish', 'return');
  if (owner && entry.state === 'withdrawn') actions.push('reopen');
  if (owner && entry.state !== 'withdrawn' && entry.state !== 'archived') actions.push('withdraw');
  if (!actions.length) return null;

  async function run(action: string) {
    setError('');
    if (action === 'return' && !comment.trim()) {
      setError(t('moderation.commentRequired'));
      document.getElementById(`comment-${entry.id}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await send('POST', `/api/v1/entries/${entry.id}/transitions`, comment.trim() ? { action, comment: comment.trim() }
        : { action });
      setComment('');
      onDone(action);
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : t('error.load'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="transitions">
      {actions.includes('return') && (
        <div class="field">
          <label for={`comment-${entry.id}`}>{t('moderation.comment')}</label>
          <textarea id={`comment-${entry.id}`} value={comment} maxLength={2000} rows={3}
            aria-describedby={error ? `terr-${entry.id}` : undefined} aria-invalid={!!error}
            onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
        </div>
      )}
      <div class="actions">
        {actions.map((a) => (
          <button key={a} type="button" disabled={busy} class={a === 'withdraw' ? 'secondary' : undefined}
            data-action={a} onClick={() => run(a)}>
            {t(`action.${a}`)}
          </button>
        ))}
      </div>
      <p id={`terr-${entry.id}`} class="form-error" role="alert">{error}</p>
    </div>
  );
}
