import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  ImportJob,
  Incident,
  IncidentAnalysis,
  IncidentCategory,
  IncidentImportPreview,
  IncidentListQuery,
  IncidentPerson,
} from '@anju/contracts';
import { api, rawRequest } from '../../app/api.ts';

/**
 * The incidents module's console answers (packages/server/src/modules/incidents/routes/*, prefix
 * /api/v1/incidents): the shapes are the contracts' (incidents.ts); every list is read for one
 * site (`siteId`).
 */
export type {
  ImportJob,
  Incident,
  IncidentAnalysis,
  IncidentCategory,
  IncidentImportPreview,
  IncidentListQuery,
  IncidentPerson,
};
export {
  INCIDENT_CHANNELS as CHANNELS,
  INCIDENT_GROUPS as GROUPS,
  INCIDENT_IMPORT_FIELDS as IMPORT_FIELDS,
  INCIDENT_IMPORT_MODES as IMPORT_MODES,
  INCIDENT_IMPORT_REQUIRED as IMPORT_REQUIRED,
  INCIDENT_OUTCOMES as OUTCOMES,
  INCIDENT_PLACE_KINDS as PLACE_KINDS,
  INVOLVEMENT_ROLES,
} from '@anju/contracts';
export type {
  IncidentChannel as Channel,
  IncidentGroup as Group,
  IncidentImportField as ImportField,
  IncidentImportMode as ImportMode,
  IncidentOutcome as Outcome,
  IncidentPlaceInput as PlaceInput,
  IncidentPlaceKind as PlaceKind,
  InvolvementRole,
} from '@anju/contracts';

export interface PublicPlace {
  id: string;
  siteId: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

export const incKeys = {
  all: ['incidents'] as const,
  list: (q: IncidentListQuery) => ['incidents', 'list', q] as const,
  one: (id: string) => ['incidents', 'one', id] as const,
  people: (id: string) => ['incidents', 'people', id] as const,
  categories: (siteId: string) => ['incidents', 'categories', siteId] as const,
  places: (siteId: string) => ['incidents', 'places', siteId] as const,
  analysis: (siteId: string, months: number) => ['incidents', 'analysis', siteId, months] as const,
  importJob: (id: string) => ['incidents', 'import', id] as const,
};

export function useIncidents(q: IncidentListQuery | null) {
  return useQuery({
    queryKey: incKeys.list(q ?? ({} as IncidentListQuery)),
    queryFn: ({ signal }) =>
      api.get<{ items: Incident[]; total: number }>('/incidents', { ...q } as Record<string, string>, signal),
    enabled: !!q?.siteId,
    placeholderData: keepPreviousData,
  });
}

export function useIncidentPeople(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: incKeys.people(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: IncidentPerson[] }>(`/incidents/involved/${id}`, undefined, signal),
    enabled: !!id && enabled,
    staleTime: 0,
  });
}

export function useCategories(siteId: string | undefined) {
  return useQuery({
    queryKey: incKeys.categories(siteId ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: IncidentCategory[] }>('/incidents/categories', { siteId }, signal),
    enabled: !!siteId,
  });
}

export function usePublicPlaces(siteId: string | undefined) {
  return useQuery({
    queryKey: incKeys.places(siteId ?? ''),
    queryFn: ({ signal }) => api.get<{ items: PublicPlace[] }>('/incidents/places', { siteId }, signal),
    enabled: !!siteId,
  });
}

export function useAnalysis(siteId: string | undefined, months: number) {
  return useQuery({
    queryKey: incKeys.analysis(siteId ?? '', months),
    queryFn: ({ signal }) => api.get<IncidentAnalysis>('/incidents/analysis', { siteId, months }, signal),
    enabled: !!siteId,
    placeholderData: keepPreviousData,
  });
}

export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: incKeys.importJob(id ?? ''),
    queryFn: ({ signal }) => api.get<ImportJob>(`/incidents/imports/${id}`, undefined, signal),
    enabled: !!id,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : 500;
    },
  });
}

/** A multipart form (text fields + the file in the part named "file"), with cookie and CSRF token. */
export async function postMultipart<T>(path: string, form: FormData): Promise<T> {
  const response = await rawRequest(path, { method: 'POST', body: form });
  return (await response.json()) as T;
}
