import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context';
import { navigate } from '../router';
import { searchClient, type Suggestion } from '../api/search';
import { loadLabels } from '../labels';

/**
 * The query box with type-ahead (ARIA combobox pattern): suggestions from the server's
 * /api/v1/search/suggest when it exists, and always the action lines and SDGs whose names
 * match, from the reference data.
 */
export function SearchBox({ initial, onSearch }: { initial: string; onSearch?: (q: string) => void }) {
  const { t, lang, href } = useApp();
  const [text, setText] = useState(initial);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => setText(initial), [initial]);

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setItems([]);
      return;
    }
    const controller = new AbortController();
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(async () => {
      const [remote, labels] = await Promise.all([
        searchClient.suggest(q, lang, controller.signal).catch(() => []),
        loadLabels(lang).catch(() => null),
      ]);
      if (controller.signal.aborted) return;
      const needle = q.toLocaleLowerCase(lang);
      const local: Suggestion[] = [];
      if (labels) {
        for (const a of labels.actionLines)
          if (`${a.code} ${a.title}`.toLocaleLowerCase(lang).includes(needle))
            local.push({ text: `${a.code} ${a.title}`, kind: 'action_line', code: a.code });
        for (const s of labels.sdgs)
          if (`${s.number} ${s.short} ${s.title}`.toLocaleLowerCase(lang).includes(needle))
            local.push({ text: `${s.number}. ${s.short}`, kind: 'sdg', code: String(s.number) });
      }
      const seen = new Set(remote.map((r) => `${r.kind}:${r.code ?? r.id}`));
      setItems([...remote, ...local.filter((l) => !seen.has(`${l.kind}:${l.code}`))].slice(0, 8));
      setActive(-1);
      setOpen(true);
    }, 150);
    return () => {
      controller.abort();
      window.clearTimeout(timer.current);
    };
  }, [text, lang]);

  function choose(s: Suggestion) {
    setOpen(false);
    if (s.kind === 'entry' && s.id) navigate(href(`entries/${s.id}`));
    else if (s.kind === 'action_line') navigate(href(`search?action_line=${encodeURIComponent(s.code!)}`));
    else if (s.kind === 'sdg') navigate(href(`search?sdg=${encodeURIComponent(s.code!)}`));
    else if (s.kind === 'target') navigate(href(`search?target=${encodeURIComponent(s.code!)}`));
  }

  function submit(event: Event) {
    event.preventDefault();
    if (open && active >= 0 && items[active]) return choose(items[active]);
    setOpen(false);
    if (onSearch) onSearch(text);
    else navigate(href(`search${text.trim() ? '?q=' + encodeURIComponent(text.trim()) : ''}`));
  }

  function onKeyDown(event: KeyboardEvent) {
    if (!open || !items.length) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((a) => (a + 1) % items.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  }

  const expanded = open && items.length > 0;
  return (
    <form role="search" class="searchbox" onSubmit={submit}>
      <label for="q" class="visually-hidden">{t('search.label')}</label>
      <input id="q" type="search" name="q" value={text} autocomplete="off" {...({ role: 'combobox' } as object)}
        aria-autocomplete="list" aria-expanded={expanded} aria-controls="q-suggestions"
        aria-activedescendant={expanded && active >= 0 ? `q-s-${active}` : undefined}
        placeholder={t('search.placeholder')} maxLength={500}
        onInput={(e) => setText((e.target as HTMLInputElement).value)} onKeyDown={onKeyDown}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)} />
      <button type="submit">{t('search.button')}</button>
      <ul id="q-suggestions" role="listbox" class="suggestions" hidden={!expanded} aria-label={t('search.suggestions')}>
        {items.map((s, i) => (
          <li id={`q-s-${i}`} key={`${s.kind}:${s.code ?? s.id ?? s.text}`} role="option" aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(s);
            }}>
            {s.text} <span class="meta">· {t(`suggest.${s.kind}`)}</span>
          </li>
        ))}
      </ul>
    </form>
  );
}
