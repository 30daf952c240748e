// Pieces shared by the administrators', moderators' and experts' pages (apart from ui.tsx, which
// the light voting page imports): the server's refusal in the page language, a criterion's name.
import { ApiError } from '../api/client';
import type { Translator } from '../i18n';
import { LoadError } from '../components/Status';

/**
 * A refusal or failure as the server explained it, in the page language (its problem+json
 * detail and per-field messages: a 403 says who may, a 409 why not now); a failed load without
 * a problem document, or a 404, as the other pages say it.
 */
export function ServerProblem({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || !error.detail || error.status === 404 || error.status >= 500)
    return <LoadError error={error} />;
  return (
    <div class="notice error" role="alert" data-problem-status={error.status}>
      <p>{error.detail}</p>
      {error.errors.length > 0 && <ul>{error.errors.map((e, i) => <li key={i}>{e.message}</li>)}</ul>}
    </div>
  );
}

/** A rubric criterion's name in the page language, or its key for a criterion of the cycle's own. */
export function criterionName(t: Translator['t'], key: string): string {
  const name = t(`prizes.rubric.${key}`);
  return name === `prizes.rubric.${key}` ? key : name;
}
