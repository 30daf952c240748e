// The shapes of the API answers the front end reads (docs/openapi.yaml is the reference).
import type { Lang } from '../i18n';

export type EntryState = 'draft' | 'submitted' | 'returned' | 'published' | 'withdrawn' | 'archived';

export interface FacetCount {
  value: string;
  count: number;
}
export const FACETS = [
  'action_line', 'sdg', 'target', 'country', 'region', 'stakeholder_type', 'language', 'status', 'type', 'year',
  'success_story',
] as const;
export type FacetName = (typeof FACETS)[number];
export type Facets = Record<FacetName, FacetCount[]>;

export interface EntrySummary {
  id: number;
  state: EntryState;
  pending_state: 'pending' | 'returned' | null;
  version: number;
  organisation_id: number;
  owner_id?: number;
  title: string;
  display_title: string;
  summary: string;
  language: Lang;
  type: string;
  countries: string[];
  regions: string[];
  action_lines: string[];
  sdg_goals: number[];
  sdg_targets: string[];
  project_status: string;
  reporting_year: number;
  published_at: string | null;
  updated_at: string;
  success_story: boolean;
}

export interface Highlight {
  title?: string;
  snippet?: string;
}
export interface SearchItem extends EntrySummary {
  highlight?: Highlight;
}

export interface Translation {
  title: string;
  description?: string;
}
export interface EntryContent {
  type: string;
  title: string;
  description: string;
  language: Lang;
  translations: Partial<Record<Lang, Translation>>;
  countries: string[];
  action_lines: string[];
  primary_action_line: string;
  sdg_goals: number[];
  sdg_targets: string[];
  start_date: string | null;
  end_date: string | null;
  project_status: string;
  website: string;
  contact?: { name: string; email: string; phone: string };
  beneficiaries: string;
  impact: string;
  partners: string[];
  reporting_year: number;
}
export interface Entry extends EntryContent {
  id: number;
  state: EntryState;
  pending_state: 'pending' | 'returned' | null;
  version: number;
  revision: number;
  published_revision: number | null;
  pending_revision?: number | null;
  organisation_id: number;
  owner_id?: number;
  stakeholder_type: string;
  success_story: boolean;
  regions: string[];
  published_at: string | null;
  created_at: string;
  updated_at: string;
  description_html: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
export interface Revision {
  number: number;
  created_by: number;
  created_at: string;
  content: EntryContent;
  changes: FieldChange[];
}
export interface Transition {
  action: string;
  from_state: string;
  to_state: string;
  revision: number;
  actor_id: number;
  at: string;
  comment: string;
}

export interface User {
  id: number;
  email: string;
  display_name: string;
  language: Lang;
  roles: string[];
  organisation_id: number | null;
  email_verified?: boolean;
}
export interface Session {
  user: User;
  csrf_token: string | null;
}
export interface ApiToken {
  id: number;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  token?: string;
}
export interface Organisation {
  id: number;
  name: string;
  stakeholder_type: string;
  country: string;
  website: string | null;
  version: number;
}
export interface Member {
  user_id: number;
  display_name: string;
  email?: string;
  focal_point: boolean;
}
