// Small pieces shared by the prizes pages: the categories' names in the page language, instants
// in the page language (in UTC, as the cycle is set), the cycle of the address, the phase badge.
import { useApp } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get } from '../api/client';
import type { Session } from '../api/types';
import type { Lang, Translator } from '../i18n';
import type { Cycle, PhaseState, PrizeCategory } from './model';

export function usePrizeCategories(lang: Lang) {
  return useAsync(async (signal) => {
    const list = await get<{ items: PrizeCategory[] }>(`/api/v1/reference/prize-categories?lang=${lang}`, signal);
    return new Map(list.items.map((c) => [c.code, c.title]));
  }, [lang]);
}

export function useCycle(id: string) {
  return useAsync((signal) => get<Cycle>(`/api/v1/prizes/cycles/${encodeURIComponent(id)}`, signal), [id]);
}

/** "1 Mar 2027, 00:00 UTC" in the page language: phases are set in UTC and enforced in UTC. */
export function formatInstant(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // dateStyle cannot be combined with timeZoneName: the zone is named after the formatted text.
  return `${new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d)} UTC`;
}

export function CategoryName({ code, names }: { code: string; names?: Map<string, string> }) {
  const title = names?.get(code);
  return <>{title ? `${code} · ${title}` : code}</>;
}

export function PhaseBadge({ state }: { state: PhaseState }) {
  const { t } = useApp();
  return <span class="status" data-state={`phase-${state}`}>{t(`prizes.phaseState.${state}`)}</span>;
}

/** Whether the session's account has a verified email (what voting needs). */
export function emailVerified(session: Session | null): boolean {
  return !!session?.user.email_verified;
}

/** What the published log says of a receipt, in the page language (found and counted or not). */
export type ReceiptAnswer = { state: 'counted' | 'replaced' | 'missing'; text: string };
export async function checkReceipt(cycleId: number, receipt: string, tr: Translator): Promise<ReceiptAnswer> {
  try {
    const row = await get<{ seq: number; counted: boolean; category: string }>(
      `/api/v1/prizes/cycles/${cycleId}/receipts/${encodeURIComponent(receipt)}`);
    return { state: row.counted ? 'counted' : 'replaced', text: tr.t(row.counted ? 'prizes.receipt.counted'
      : 'prizes.receipt.replaced', { seq: tr.number(row.seq), category: row.category }) };
  } catch (error) {
    return { state: 'missing', text: tr.t(error instanceof ApiError && error.status === 404 ? 'prizes.receipt.unknown' : 'error.load') };
  }
}
