import {
  type CareFlag,
  careFlagText as careFlagWords,
  type Occupancy,
  occupancyText as occupancyWords,
  type Relation,
  relationText as relationWords,
  type ResidencyStatus,
  type ResidencyType,
  residencyStatusText,
  residencyTypeText as residencyTypeWords,
  type TenancyStatus,
} from '@anju/contracts';
import { type MessageKey, messages } from '../../app/catalogues.ts';
import type { Lang } from '../../app/i18n.tsx';

/*
 * The registry's enum words come from the contracts' catalogue (the server, the exports and the
 * console use the same words in both languages); the console only adds its colours. Values from
 * the server are typed as strings here: an unknown value shows as it is.
 */

export const OCCUPANCY_COLORS: Record<Occupancy, string> = {
  owner_occupied: '#3b7ddd',
  rented: '#f0a020',
  vacant: '#d9d9d9',
  shop: '#8e5bd6',
  unverified: '#e8684a',
};

export const STATUS_COLORS: Record<ResidencyStatus, string> = {
  pending: 'processing',
  active: 'green',
  expired: 'red',
  ended: 'default',
};

export const TENANCY_COLORS: Record<TenancyStatus, string> = {
  pending: 'processing',
  active: 'green',
  expired: 'red',
  renewed: 'default',
  ended: 'default',
};

export const residencyTypeText = (v: string, lang: Lang) => residencyTypeWords(v as ResidencyType, lang);
export const relationText = (v: string | null | undefined, lang: Lang) =>
  v ? relationWords(v as Relation, lang) : '—';
export const occupancyText = (v: string, lang: Lang) => occupancyWords(v as Occupancy, lang);
export const statusText = (v: string, lang: Lang) => residencyStatusText(v as ResidencyStatus, lang);
export const careFlagText = (v: string, lang: Lang) => careFlagWords(v as CareFlag, lang);
/** A contract's status as the console words it (生效中 rather than the residency's 有效). */
export const tenancyStatusText = (v: string, lang: Lang) =>
  messages[lang][`registry.tenancyStatus.${v}` as MessageKey] ?? v;
