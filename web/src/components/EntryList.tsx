import { Fragment } from 'preact';
import { useApp } from '../context';
import type { SearchItem } from '../api/types';
import type { Labels } from '../labels';
import { StateBadge } from './Status';

/** A summary is the start of the Markdown description: its emphasis and heading marks are dropped. */
export function plainText(markdown: string): string {
  return markdown.replace(/(\*\*|__|\*|`|^#+\s*|^>\s*)/gm, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** Server highlights are HTML-escaped text with <mark> only; anything else is escaped again. */
export function safeHighlight(html: string): string {
  return html
    .replace(/<(?!\/?mark>)/g, '&lt;')
    .replace(/<(\/?)mark>/g, '\u0001$1mark\u0002')
    .replace(/>/g, '&gt;')
    .replace(/\u0001/g, '<')
    .replace(/\u0002/g, '>');
}

export function EntryList({ items, labels, showState, headingLevel = 2 }: {
  items: SearchItem[]; labels?: Labels; showState?: boolean; headingLevel?: 2 | 3;
}) {
  const { t, tr, href, lang } = useApp();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  // Titles and summaries keep their own language and direction: an English title in an Arabic
  // page is marked lang="en" and laid out left to right.
  const titleLang = (item: SearchItem) => (item.display_title && item.display_title !== item.title ? lang : item.language);
  return (
    <ol class="results">
      {items.map((item) => (
        <li key={item.id} data-entry-id={item.id}>
          <H lang={titleLang(item)} dir="auto">
            <a href={href(`entries/${item.id}`)}>
              {item.highlight?.title ? (
                <span dangerouslySetInnerHTML={{ __html: safeHighlight(item.highlight.title) }} />
              ) : (
                item.display_title || item.title
              )}
            </a>
          </H>
          {showState && <StateBadge state={item.state} pending={item.pending_state} />}
          <p lang={item.language} dir="auto">
            {item.highlight?.snippet ? (
              <span dangerouslySetInnerHTML={{ __html: safeHighlight(item.highlight.snippet) }} />
            ) : (
              plainText(item.summary)
            )}
          </p>
          <p class="meta">
            {metaParts([
              t(`entryType.${item.type}`),
              String(item.reporting_year),
              labels && item.countries.length
                ? item.countries.slice(0, 4).map((c) => c === 'global' ? t('common.global') : labels.countries.get(c) ?? c)
                  .join(t('common.listSeparator')) + (item.countries.length > 4 ? ' …' : '')
                : '',
              item.action_lines.join(t('common.listSeparator')),
              item.published_at ? tr.date(item.published_at) : '',
            ])}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** Parts of a metadata line, each isolated (<bdi>) so that codes, dates and Arabic text do not
 * reorder one another in right-to-left pages. */
export function metaParts(parts: string[]) {
  return parts.filter(Boolean).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && ' · '}
      <bdi>{part}</bdi>
    </Fragment>
  ));
}
