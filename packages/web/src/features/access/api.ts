import { useQuery } from '@tanstack/react-query';
import type { AccessEventPage, Gate } from '@anju/contracts';
import { api, rawRequest } from '../../app/api.ts';

/** Shapes of the access module's answers (packages/server/src/modules/access/routes.ts). */
export interface AccessSettings {
  siteId: string;
  emergencyOpen: boolean;
  emergencySince: string | null;
  emergencyReason: string | null;
  keepStrangerSnapshots: boolean;
  strangerSnapshotDays: number;
  accessEventDays: number;
}

export interface Credential {
  id: string;
  kind: 'card' | 'pin' | 'face';
  hint: string | null;
  status: 'active' | 'revoked';
  validFrom: string | null;
  validTo: string | null;
  createdAt: string;
}

export type ConsentPurpose = 'face_recognition' | 'keep_enrolment_photo';
export type ConsentChannel = 'in_person' | 'paper' | 'resident_app';

export interface Consent {
  id: string;
  purpose: ConsentPurpose;
  textVersion: string;
  channel: ConsentChannel;
  guardianName: string | null;
  grantedAt: string;
  withdrawnAt: string | null;
}

export interface FaceTemplate {
  id: string;
  modelId: string;
  modelVersion: string;
  source: 'upload' | 'gate_camera' | 'passage_refresh';
  photoKept: boolean;
  /** Figures measured at enrolment: faceWidthPx, yaw, pitch, blur, brightness, liveness… */
  quality: Record<string, number> | null;
  createdAt: string;
}

export interface FaceTemplateSet {
  items: FaceTemplate[];
  maxEnrolled: number;
  maxRefreshed: number;
}

export interface VisitorPass {
  id: string;
  siteId: string;
  hostPersonId: string | null;
  visitorName: string;
  validFrom: string;
  validTo: string;
  maxUses: number;
  uses: number;
  revokedAt: string | null;
  createdAt: string;
}

export interface IssuedPass extends VisitorPass {
  code: string;
  qrDataUrl: string;
}

export interface SignedCode {
  code: string;
  expiresAt: string;
  qrDataUrl: string;
}

/** A page of the access log: keyset-paged (`nextCursor`), the total counted up to 10,000. */
export type EventPage = AccessEventPage;

/** The consent text version the desk reads out today; recorded with every consent. */
export const CURRENT_CONSENT_TEXT = 'face-2026-01';

export const accessKeys = {
  gates: ['access', 'gates'] as const,
  settings: (siteId: string) => ['access', 'settings', siteId] as const,
  events: (query: Record<string, unknown>) => ['access', 'events', query] as const,
  person: (personId: string) => ['access', 'person', personId] as const,
  faces: (personId: string) => ['access', 'faces', personId] as const,
  passes: ['access', 'visitor-passes'] as const,
  myPasses: ['access', 'me', 'visitor-passes'] as const,
  myConsents: ['access', 'me', 'consents'] as const,
  myEvents: (page: number) => ['access', 'me', 'events', page] as const,
};

/** Gates with their online state; the list page polls, others read it once. */
export function useGates(refetchInterval?: number) {
  return useQuery({
    queryKey: accessKeys.gates,
    queryFn: ({ signal }) => api.get<{ items: Gate[] }>('/access/gates', undefined, signal),
    refetchInterval,
    staleTime: 10_000,
  });
}

export function useSiteSettings(siteId: string | undefined, refetchInterval?: number) {
  return useQuery({
    queryKey: accessKeys.settings(siteId ?? ''),
    queryFn: ({ signal }) => api.get<AccessSettings>(`/access/sites/${siteId}/settings`, undefined, signal),
    enabled: !!siteId,
    refetchInterval,
  });
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Sends a photo as the raw request body (the face endpoints read image bytes, not a form), with
 * the session cookie and the CSRF token like every other console write.
 */
export async function postImage<T>(path: string, file: Blob, query?: Record<string, string>): Promise<T> {
  const response = await rawRequest(path, {
    method: 'POST',
    body: file,
    contentType: IMAGE_TYPES.has(file.type) ? file.type : 'application/octet-stream',
    query,
  });
  return (await response.json()) as T;
}

/** A stranger's snapshot as an object URL (the caller revokes it). Each view is audited. */
export async function fetchSnapshot(eventId: number): Promise<string> {
  const response = await rawRequest(`/access/events/${eventId}/snapshot`);
  return URL.createObjectURL(await response.blob());
}
