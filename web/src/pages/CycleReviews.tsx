// Administrators: the experts' reviews of one category of a cycle, from the review phase on.
// Each nomination with every review (the expert, the scores against the cycle's rubric, eligible
// or not and why) and what the reviews make of it: on the shortlist for voting or not, by the
// server's rule (a majority of its reviews, at least one, eligible). Anyone else reads the
// server's refusal.
import { useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { get } from '../api/client';
import type { PageProps } from '../router';
import { SelectField } from '../components/Form';
import { Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';
import type { Cycle, Nomination, Review } from '../prizes/model';
import { reviewVerdict } from '../prizes/admin';
import { formatInstant, useCycle, usePrizeCategories } from '../prizes/ui';
import { ServerProblem, criterionName } from '../prizes/adminUi';

type NamedReview = Review & { expert_name: string };

export default function CycleReviews({ params, query }: PageProps) {
  const { t } = useApp();
  useTitle(t('prizes.reviews.title'));
  return (
    <RequireLogin title={t('prizes.reviews.title')}>
      <Reviews cycleId={params.cycle} initial={query.get('category') ?? ''} />
    </RequireLogin>
  );
}

function Reviews({ cycleId, initial }: { cycleId: string; initial: string }) {
  const { t, lang, href } = useApp();
  const cycle = useCycle(cycleId);
  const names = usePrizeCategories(lang);
  const [category, setCategory] = useState(initial);
  const heading = <h1 tabIndex={-1}>{t('prizes.reviews.title')}</h1>;
  const error = cycle.error ?? names.error;
  if (error) return <>{heading}<ServerProblem error={error} /></>;
  if (!cycle.data || !names.data) return <Loading />;
  const c = cycle.data;
  const known = c.categories.includes(category) ? category : '';
  return (
    <>
      {heading}
      <p><a href={href(`prizes/${c.id}`)}>{c.title}</a></p>
      <p>{t('prizes.reviews.intro')}</p>
      <SelectField id="rv-category" label={t('prizes.form.category')} value={known} onChange={setCategory}
        options={c.categories.map((code) => ({ value: code, label: `${code} · ${names.data!.get(code) ?? ''}` }))} />
      {known ? <CategoryReviews key={known} cycle={c} category={known} /> : <p>{t('prizes.reviews.pick')}</p>}
    </>
  );
}

function CategoryReviews({ cycle, category }: { cycle: Cycle; category: string }) {
  const { t, tr, lang } = useApp();
  const path = `/api/v1/prizes/cycles/${cycle.id}`;
  const q = `category=${encodeURIComponent(category)}`;
  // The reviews first: only administrators may read them, so anyone else reads the refusal.
  const data = useAsync(async (signal) => {
    const reviews = await get<{ items: NamedReview[] }>(`${path}/reviews?${q}`, signal);
    const nominations = await get<{ items: Nomination[] }>(`${path}/nominations?${q}`, signal);
    return { reviews: reviews.items, nominations: nominations.items };
  }, [cycle.id, category]);
  if (data.error) return <ServerProblem error={data.error} />;
  if (!data.data) return <Loading />;
  const { reviews, nominations } = data.data;
  if (nominations.length === 0) return <p data-no-nominations>{t('prizes.reviews.none')}</p>;
  const rubric = cycle.rules.rubric;
  return (
    <ul class="review-overview" aria-label={t('prizes.reviews.title')}>
      {nominations.map((n) => {
        const mine = reviews.filter((r) => r.nomination_id === n.id);
        const verdict = reviewVerdict(mine, n.state === 'submitted');
        const titleId = `rv-${n.id}-title`;
        return (
          <li key={n.id} class="card" data-nomination-id={n.id} data-shortlisted={verdict.shortlisted ? 'yes' : 'no'}>
            <h2 id={titleId} dir="auto">{n.entry_title}</h2>
            <p>
              {n.state === 'withdrawn' && <>{t('prizes.state.withdrawn')} · </>}
              {t('prizes.reviews.verdict', { count: verdict.count, eligible: verdict.eligible,
                shortlisted: verdict.shortlisted ? 'yes' : 'no' })}
            </p>
            {mine.length === 0 ? <p>{t('prizes.reviews.notReviewed')}</p> : (
              // Wide on a phone: the table scrolls within its own box, not the page.
              <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={titleId}>
                <table>
                  <caption class="visually-hidden">{t('prizes.reviews.caption', { title: n.entry_title })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('prizes.reviews.expert')}</th>
                      {rubric.map((criterion) => (
                        <th scope="col" key={criterion.key}>{t('prizes.review.score', { criterion: criterionName(t, criterion.key), max: criterion.max })}</th>
                      ))}
                      <th scope="col">{t('prizes.reviews.total')}</th>
                      <th scope="col">{t('prizes.review.eligible')}</th>
                      <th scope="col">{t('prizes.review.reason')}</th>
                      <th scope="col">{t('prizes.reviews.when')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {mine.map((r) => (
                      <tr key={r.expert_id} data-expert-id={r.expert_id}>
                        <th scope="row" dir="auto">{r.expert_name}</th>
                        {/* A criterion added after this review was saved has no score in it. */}
                        {rubric.map((criterion) => <td key={criterion.key}>{criterion.key in r.scores ? tr.number(r.scores[criterion.key]) : '–'}</td>)}
                        <td>{tr.number(r.total)}</td>
                        <td data-eligible={r.eligible ? 'yes' : 'no'}>{t(r.eligible ? 'prizes.review.eligibleYes' : 'prizes.review.eligibleNo')}</td>
                        <td dir="auto">{r.reason}</td>
                        <td>{formatInstant(lang, r.at)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
