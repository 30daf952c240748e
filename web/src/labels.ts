// Display names of facet values: reference data from the API for codes, messages for the few
// closed lists the API leaves untranslated (entry type, project status, language).
import { useAsync } from './hooks';
import * as ref from './api/reference';
import type { FacetName } from './api/types';
import type { Lang, Translator } from './i18n';
import { LANG_NAMES, isLang } from './i18n';

export interface Labels {
  actionLines: ref.ActionLine[];
  sdgs: ref.Sdg[];
  countries: Map<string, string>;
  regions: Map<string, string>;
  stakeholders: Map<string, string>;
  targets: Map<string, string>;
  actionLineNames: Map<string, string>;
  sdgNames: Map<string, string>;
}

export async function loadLabels(lang: Lang): Promise<Labels> {
  const [actionLines, sdgs, countries, regions, stakeholders] = await Promise.all([
    ref.actionLines(lang), ref.sdgs(lang), ref.countries(lang), ref.regions(lang), ref.stakeholderTypes(lang),
  ]);
  const targets = new Map<string, string>();
  for (const goal of sdgs) for (const target of goal.targets) targets.set(target.code, target.title);
  return {
    actionLines,
    sdgs,
    countries: ref.nameMap(countries, (c) => c.iso3, (c) => c.name),
    regions: ref.nameMap(regions, (r) => r.code, (r) => r.title),
    stakeholders: ref.nameMap(stakeholders, (s) => s.code, (s) => s.title),
    targets,
    actionLineNames: ref.nameMap(actionLines, (a) => a.code, (a) => `${a.code} ${a.title}`),
    sdgNames: ref.nameMap(sdgs, (s) => String(s.number), (s) => `${s.number}. ${s.short}`),
  };
}

export function useLabels(lang: Lang) {
  return useAsync(() => loadLabels(lang), [lang]);
}

export function facetLabel(labels: Labels, tr: Translator, facet: FacetName, value: string): string {
  switch (facet) {
    case 'action_line': return labels.actionLineNames.get(value) ?? value;
    case 'sdg': return labels.sdgNames.get(value) ?? value;
    case 'target': return labels.targets.has(value) ? `${value} ${labels.targets.get(value)}` : value;
    case 'country': return value === 'global' ? tr.t('common.global') : labels.countries.get(value) ?? value;
    case 'region': return labels.regions.get(value) ?? value;
    case 'stakeholder_type': return labels.stakeholders.get(value) ?? value;
    case 'language': return isLang(value) ? LANG_NAMES[value] : value;
    case 'status': return tr.t(`projectStatus.${value}`);
    case 'type': return tr.t(`entryType.${value}`);
    case 'success_story': return tr.t(value === 'true' ? 'common.yes' : 'common.no');
    case 'year': return value;
  }
}
