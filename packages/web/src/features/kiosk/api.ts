import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, rawRequest } from '../../app/api.ts';

import {
  APPLICATION_TRANSITIONS,
  type Application,
  type ApplicationAction,
  type ApplicationStatus,
  type CertificateDetail,
  type CertificateList,
  type CertificateListItem,
  type CertificateStatus,
  type CertificateType,
  type CriminalRecord,
  type CriminalRecordList,
  type DailyCounts,
  type KioskDevice,
  type KioskSettings,
  type MyApplication,
  type OfficeKey,
  type PairingCodeResult,
} from '@anju/contracts';

/**
 * The kiosk module's console answers (packages/server/src/modules/kiosk/routes/*): the shapes are
 * the contracts' (kiosk.ts from the certificates side, kiosk-identity.ts from the applications side).
 */
export type {
  Application,
  ApplicationAction,
  ApplicationStatus,
  CertificateDetail,
  CertificateListItem,
  CertificateStatus,
  CertificateType,
  CriminalRecord,
  KioskDevice,
  KioskSettings,
  MyApplication,
  OfficeKey,
  PairingCodeResult,
};
export {
  APPLICATION_ACTIONS,
  APPLICATION_FIX_FIELDS,
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  CERTIFICATE_STATUSES,
  ID_CARD_REASONS,
} from '@anju/contracts';

/** The three certificate types in the console's order. */
export const CERTIFICATE_TYPES: readonly CertificateType[] = [
  'hukou',
  'temporary_identity',
  'no_criminal_record',
];

export interface CertificateQuery {
  siteId: string;
  type?: string;
  status?: string;
  from?: string;
  to?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** A resident's own certificate (GET /kiosk/my/certificates). */
export interface MyCertificate {
  id: string;
  serial: string;
  type: CertificateType;
  issuedAt: string;
  validUntil: string;
  status: CertificateStatus;
  verifyUrl: string;
}

/** The actions the application's status allows (contracts' APPLICATION_TRANSITIONS). */
export function actionsFor(status: ApplicationStatus): ApplicationAction[] {
  return (Object.keys(APPLICATION_TRANSITIONS) as ApplicationAction[]).filter((a) =>
    APPLICATION_TRANSITIONS[a].from.includes(status),
  );
}
/** approve and reject are the officer's decision (applications.decide); the rest is processing. */
export const DECISIONS: ReadonlySet<ApplicationAction> = new Set(['approve', 'reject']);

export interface DailyCount {
  day: string;
  type: CertificateType;
  count: number;
}

export const kioskKeys = {
  all: ['kiosk'] as const,
  certificates: (q: CertificateQuery) => ['kiosk', 'certificates', q] as const,
  certificate: (id: string) => ['kiosk', 'certificate', id] as const,
  applications: (q: Record<string, unknown>) => ['kiosk', 'applications', q] as const,
  application: (id: string) => ['kiosk', 'application', id] as const,
  criminalRecords: (q: Record<string, unknown>) => ['kiosk', 'criminal-records', q] as const,
  devices: (siteId: string) => ['kiosk', 'devices', siteId] as const,
  settings: (siteId: string) => ['kiosk', 'settings', siteId] as const,
  keys: (siteId: string) => ['kiosk', 'keys', siteId] as const,
  daily: (siteId: string) => ['kiosk', 'daily', siteId] as const,
  myApplications: ['kiosk', 'my', 'applications'] as const,
  myCertificates: ['kiosk', 'my', 'certificates'] as const,
};

/** A list answer as {items}: the server may answer {items} or {keys}/{days} by resource. */
function itemsOf<T>(data: unknown, key = 'items'): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    if (Array.isArray(o[key])) return o[key] as T[];
    if (Array.isArray(o.items)) return o.items as T[];
  }
  return [];
}

export function useCertificates(query: CertificateQuery | null) {
  return useQuery({
    queryKey: kioskKeys.certificates(query ?? ({} as CertificateQuery)),
    queryFn: ({ signal }) => api.get<CertificateList>('/kiosk/certificates', { ...query }, signal),
    enabled: !!query?.siteId,
    placeholderData: keepPreviousData,
  });
}

export function useCertificate(id: string | null) {
  return useQuery({
    queryKey: kioskKeys.certificate(id ?? ''),
    queryFn: ({ signal }) => api.get<CertificateDetail>(`/kiosk/certificates/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useApplications(query: {
  siteId?: string;
  status?: string;
  kind?: string;
  page: number;
  pageSize: number;
}) {
  return useQuery({
    queryKey: kioskKeys.applications(query),
    queryFn: async ({ signal }) => {
      const data = await api.get<{ items: Application[]; total: number }>(
        '/kiosk/applications',
        query,
        signal,
      );
      return { items: data.items, total: data.total };
    },
    enabled: !!query.siteId,
    placeholderData: keepPreviousData,
  });
}

export function useApplication(id: string | null) {
  return useQuery({
    queryKey: kioskKeys.application(id ?? ''),
    queryFn: ({ signal }) => api.get<Application>(`/kiosk/applications/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useCriminalRecords(query: { siteId?: string; q?: string; page: number }) {
  return useQuery({
    queryKey: kioskKeys.criminalRecords(query),
    queryFn: async ({ signal }) => {
      const data = await api.get<CriminalRecordList>(
        '/kiosk/criminal-records',
        { ...query, pageSize: 20 },
        signal,
      );
      return { items: data.items, total: data.total };
    },
    enabled: !!query.siteId,
    placeholderData: keepPreviousData,
  });
}

export type PairingCode = PairingCodeResult;

export function useKioskDevices(siteId: string | undefined, refetchInterval?: number) {
  return useQuery({
    queryKey: kioskKeys.devices(siteId ?? ''),
    queryFn: async ({ signal }) =>
      itemsOf<KioskDevice>(await api.get('/kiosk/devices', { siteId }, signal), 'devices'),
    enabled: !!siteId,
    refetchInterval,
  });
}

export function useKioskSettings(siteId: string | undefined) {
  return useQuery({
    queryKey: kioskKeys.settings(siteId ?? ''),
    queryFn: ({ signal }) => api.get<KioskSettings>('/kiosk/settings', { siteId }, signal),
    enabled: !!siteId,
  });
}

export function useSigningKeys(siteId: string | undefined) {
  return useQuery({
    queryKey: kioskKeys.keys(siteId ?? ''),
    queryFn: async ({ signal }) =>
      itemsOf<OfficeKey>(await api.get('/kiosk/keys', { siteId }, signal), 'keys'),
    enabled: !!siteId,
  });
}

/** Daily counts as flat {day, type, count} rows (the server answers one row per day with a count per type). */
export function normaliseDaily(data: DailyCounts): DailyCount[] {
  return data.days.flatMap((d) => CERTIFICATE_TYPES.map((type) => ({ day: d.date, type, count: d[type] })));
}

export function useDailyCounts(siteId: string | undefined) {
  return useQuery({
    queryKey: kioskKeys.daily(siteId ?? ''),
    queryFn: async ({ signal }) =>
      normaliseDaily(await api.get<DailyCounts>('/kiosk/certificates/daily', { siteId, days: 14 }, signal)),
    enabled: !!siteId,
  });
}

export function useMyApplications() {
  return useQuery({
    queryKey: kioskKeys.myApplications,
    queryFn: async ({ signal }) =>
      itemsOf<MyApplication>(await api.get('/kiosk/my/applications', undefined, signal)),
  });
}

export function useMyCertificates() {
  return useQuery({
    queryKey: kioskKeys.myCertificates,
    queryFn: async ({ signal }) =>
      itemsOf<MyCertificate>(await api.get('/kiosk/my/certificates', undefined, signal)),
  });
}

/** Sends a multipart form (seal image, applicant's fix with a new photo) with the console's session. */
export async function sendForm<T>(method: 'POST' | 'PUT', path: string, form: FormData): Promise<T> {
  const response = await rawRequest(path, { method, body: form });
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Fetches a PDF (reprint, own certificate) and opens it in a new tab; each reprint is audited. */
export async function openPdf(path: string, filename: string): Promise<void> {
  const response = await rawRequest(path);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The applicant's photo as an object URL (the caller revokes it); each view is audited. */
export async function fetchApplicationPhoto(id: string): Promise<string> {
  const response = await rawRequest(`/kiosk/applications/${id}/photo`);
  return URL.createObjectURL(await response.blob());
}
