import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, rawRequest } from '../../app/api.ts';

/**
 * Shapes of the kiosk module's console answers (packages/server/src/modules/kiosk/routes/*, the API
 * in notes/kiosk-design.md). Written against the design while the server is built; the integrator
 * may swap these for the contracts' zod types (contracts kiosk.ts / kiosk-identity.ts).
 */
export type CertificateType = 'hukou' | 'temporary_identity' | 'no_criminal_record';
export const CERTIFICATE_TYPES: readonly CertificateType[] = [
  'hukou',
  'temporary_identity',
  'no_criminal_record',
];
export type CertificateStatus = 'valid' | 'expired' | 'revoked' | 'superseded';
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = [
  'valid',
  'expired',
  'revoked',
  'superseded',
];

export interface CertificateItem {
  id: string;
  serial: string;
  type: CertificateType;
  holderName: string;
  holderIdNumber: string;
  purpose: string | null;
  issuedAt: string;
  validUntil: string;
  status: CertificateStatus;
  revokedReason: string | null;
  revokedAt?: string | null;
  verifyCount: number;
  issuedBy: string;
  office?: string;
  siteId?: string;
}

export interface CertificatePage {
  items: CertificateItem[];
  total: number;
}

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

export type ApplicationKind = 'id_card' | 'residence_permit';
export const APPLICATION_KINDS: readonly ApplicationKind[] = ['id_card', 'residence_permit'];
export type ApplicationStatus =
  | 'submitted'
  | 'accepted'
  | 'changes_requested'
  | 'resubmitted'
  | 'approved'
  | 'rejected'
  | 'ready_for_pickup'
  | 'collected';
export const APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  'submitted',
  'accepted',
  'changes_requested',
  'resubmitted',
  'approved',
  'rejected',
  'ready_for_pickup',
  'collected',
];

export interface ApplicationDetails {
  reason?: 'first' | 'expiry' | 'loss' | 'damage';
  address?: string;
  workplace?: string;
  [key: string]: unknown;
}

export interface ApplicationItem {
  id: string;
  reference: string;
  kind: ApplicationKind;
  status: ApplicationStatus;
  applicantName: string;
  applicantIdNumber?: string;
  details: ApplicationDetails;
  /** What the officer asked the applicant to fix (changes_requested). */
  changesRequested?: string | null;
  /** Why the application was refused (rejected). */
  rejectReason?: string | null;
  submittedAt: string;
  updatedAt?: string;
  siteId?: string;
  history?: { status: ApplicationStatus; at: string; by?: string | null; note?: string | null }[];
}

export interface ApplicationPage {
  items: ApplicationItem[];
  total: number;
}

/** The transitions a console user can make, by the application's status (server: applications.ts). */
export type ApplicationAction = 'accept' | 'request-changes' | 'approve' | 'reject' | 'ready' | 'collected';
export const ACTIONS_BY_STATUS: Record<ApplicationStatus, ApplicationAction[]> = {
  submitted: ['accept', 'request-changes', 'reject'],
  accepted: ['approve', 'request-changes', 'reject'],
  changes_requested: ['reject'],
  resubmitted: ['accept', 'approve', 'request-changes', 'reject'],
  approved: ['ready'],
  rejected: [],
  ready_for_pickup: ['collected'],
  collected: [],
};
/** approve and reject are the officer's decision (applications.decide); the rest is processing. */
export const DECISIONS: ReadonlySet<ApplicationAction> = new Set(['approve', 'reject']);

export interface CriminalRecord {
  id: string;
  idNumber: string;
  name: string;
  offence: string;
  court: string | null;
  judgedOn: string | null;
  note: string | null;
  createdAt: string;
}

export interface KioskDevice {
  id: string;
  name: string;
  siteId?: string;
  online: boolean;
  lastHeartbeatAt: string | null;
  version?: string | null;
  revokedAt?: string | null;
  createdAt?: string;
}

export interface PairingCode {
  code: string;
  expiresAt: string;
  qrDataUrl: string;
}

export interface KioskSettings {
  siteId: string;
  officeName: string;
  officePhone: string;
  openingHours: string;
  hukouRegionPrefixes: string[];
  cityPrefix: string;
  temporaryValidDays: number;
  temporaryMaxPerPeriod: number;
  temporaryPeriodDays: number;
  ncrValidMonths: number;
  ncrMaxPerYear: number;
  verifyDetailLimit: number;
  /** The seal image is set (data URL or link when the server sends one). */
  hasSeal?: boolean;
  sealDataUrl?: string | null;
  sealUpdatedAt?: string | null;
}

export interface SigningKey {
  kid: string;
  publicKey: string;
  status: 'active' | 'retired';
  createdAt: string;
  retiredAt?: string | null;
}

export interface DailyCount {
  day: string;
  type: CertificateType;
  count: number;
}

export interface MyCertificate {
  id: string;
  serial: string;
  type: CertificateType;
  purpose: string | null;
  issuedAt: string;
  validUntil: string;
  status: CertificateStatus;
  /** A link to the PDF when the server offers one. */
  pdfUrl?: string | null;
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
    queryFn: ({ signal }) => api.get<CertificatePage>('/kiosk/certificates', { ...query }, signal),
    enabled: !!query?.siteId,
    placeholderData: keepPreviousData,
  });
}

export function useCertificate(id: string | null) {
  return useQuery({
    queryKey: kioskKeys.certificate(id ?? ''),
    queryFn: ({ signal }) => api.get<CertificateItem>(`/kiosk/certificates/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useApplications(query: { siteId?: string; status?: string; kind?: string; page: number }) {
  return useQuery({
    queryKey: kioskKeys.applications(query),
    queryFn: async ({ signal }) => {
      const data = await api.get<ApplicationPage | ApplicationItem[]>(
        '/kiosk/applications',
        { ...query, pageSize: 20 },
        signal,
      );
      const items = itemsOf<ApplicationItem>(data);
      return { items, total: (data as ApplicationPage).total ?? items.length };
    },
    enabled: !!query.siteId,
    placeholderData: keepPreviousData,
  });
}

export function useApplication(id: string | null) {
  return useQuery({
    queryKey: kioskKeys.application(id ?? ''),
    queryFn: ({ signal }) => api.get<ApplicationItem>(`/kiosk/applications/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useCriminalRecords(query: { q?: string; page: number }) {
  return useQuery({
    queryKey: kioskKeys.criminalRecords(query),
    queryFn: async ({ signal }) => {
      const data = await api.get<{ items: CriminalRecord[]; total?: number }>(
        '/kiosk/criminal-records',
        { ...query, pageSize: 20 },
        signal,
      );
      const items = itemsOf<CriminalRecord>(data);
      return { items, total: data.total ?? items.length };
    },
    placeholderData: keepPreviousData,
  });
}

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
      itemsOf<SigningKey>(await api.get('/kiosk/keys', { siteId }, signal), 'keys'),
    enabled: !!siteId,
  });
}

/**
 * Daily counts as flat {day, type, count} rows, whether the server answers rows or one row per day
 * with a count per type ({day|date, hukou, temporary_identity, no_criminal_record} or {counts}).
 */
export function normaliseDaily(data: unknown): DailyCount[] {
  const rows = itemsOf<Record<string, unknown>>(data, 'days');
  const out: DailyCount[] = [];
  for (const r of rows) {
    const day = String(r.day ?? r.date ?? '');
    if (typeof r.type === 'string' && typeof r.count === 'number') {
      out.push({ day, type: r.type as CertificateType, count: r.count });
      continue;
    }
    const counts = (r.counts && typeof r.counts === 'object' ? r.counts : r) as Record<string, unknown>;
    for (const type of CERTIFICATE_TYPES) {
      if (typeof counts[type] === 'number') out.push({ day, type, count: counts[type] as number });
    }
  }
  return out;
}

export function useDailyCounts(siteId: string | undefined) {
  return useQuery({
    queryKey: kioskKeys.daily(siteId ?? ''),
    queryFn: async ({ signal }) =>
      normaliseDaily(await api.get('/kiosk/certificates/daily', { siteId, days: 14 }, signal)),
    enabled: !!siteId,
  });
}

export function useMyApplications() {
  return useQuery({
    queryKey: kioskKeys.myApplications,
    queryFn: async ({ signal }) =>
      itemsOf<ApplicationItem>(await api.get('/kiosk/my/applications', undefined, signal)),
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
