import {
  CARE_FLAG_LABELS,
  type CareFlag,
  OCCUPANCY_LABELS,
  type Occupancy,
  RELATION_LABELS,
  type Relation,
  RESIDENCY_STATUS_LABELS,
  RESIDENCY_TYPE_LABELS,
  type ResidencyStatus,
  type ResidencyType,
  type TenancyStatus,
} from '@anju/contracts';
import type { Lang } from '../../app/i18n.tsx';

/**
 * The registry's enum words: Chinese comes from the contracts (the server and the exports use the
 * same words); English is kept here, typed so a new value cannot be forgotten.
 */
const EN_TYPES: Record<ResidencyType, string> = {
  owner: 'Owner',
  family: 'Family member',
  tenant: 'Tenant',
  shop_operator: 'Shop operator',
  employee: 'Employee',
};
const EN_RELATIONS: Record<Relation, string> = {
  head: 'Head',
  spouse: 'Spouse',
  child: 'Child',
  child_in_law: 'Child-in-law',
  parent: 'Parent',
  grandparent: 'Grandparent',
  grandchild: 'Grandchild',
  sibling: 'Sibling',
  other: 'Other',
};
const EN_OCCUPANCY: Record<Occupancy, string> = {
  owner_occupied: 'Owner-occupied',
  rented: 'Rented',
  vacant: 'Vacant',
  shop: 'Shop',
  unverified: 'Unverified',
};
const EN_STATUS: Record<ResidencyStatus, string> = {
  pending: 'Not yet valid',
  active: 'Valid',
  expired: 'Contract expired — re-register',
  ended: 'Moved out',
};
const ZH_TENANCY: Record<TenancyStatus, string> = {
  pending: '尚未生效',
  active: '生效中',
  expired: RESIDENCY_STATUS_LABELS.expired,
  renewed: '已续租',
  ended: '已终止',
};
const EN_TENANCY: Record<TenancyStatus, string> = {
  pending: 'Not yet started',
  active: 'Active',
  expired: 'Expired — re-register',
  renewed: 'Renewed',
  ended: 'Ended',
};
const EN_CARE: Record<CareFlag, string> = { elderly_alone: 'Elderly living alone', disability: 'Disability' };

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

const pick = <K extends string>(zh: Record<K, string>, en: Record<K, string>, key: string, lang: Lang) => {
  const map = lang === 'en' ? en : zh;
  return (map as Record<string, string>)[key] ?? key;
};

export const residencyTypeText = (v: string, lang: Lang) => pick(RESIDENCY_TYPE_LABELS, EN_TYPES, v, lang);
export const relationText = (v: string | null | undefined, lang: Lang) =>
  v ? pick(RELATION_LABELS, EN_RELATIONS, v, lang) : '—';
export const occupancyText = (v: string, lang: Lang) => pick(OCCUPANCY_LABELS, EN_OCCUPANCY, v, lang);
export const statusText = (v: string, lang: Lang) => pick(RESIDENCY_STATUS_LABELS, EN_STATUS, v, lang);
export const tenancyStatusText = (v: string, lang: Lang) => pick(ZH_TENANCY, EN_TENANCY, v, lang);
export const careFlagText = (v: string, lang: Lang) => pick(CARE_FLAG_LABELS, EN_CARE, v, lang);
