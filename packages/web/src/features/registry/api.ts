import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  Building,
  BuildingMap,
  ImportJob,
  MyHousehold,
  PersonDetail,
  RegistryStats,
  RoomDetail,
  SearchResult,
  Shop,
  Tenancy,
} from '@anju/contracts';
import { API_BASE, api, rawRequest } from '../../app/api.ts';

/** Shapes of the registry module's answers are the contracts' (packages/contracts/src/registry.ts). */
export type TenancyFilter = 'all' | 'active' | 'expiring' | 'expired';
export type PersonHit = Extract<SearchResult, { kind: 'person' }>;
export type MatchedBy = 'idNumber' | 'phone' | 'room' | 'plate' | 'text';

export const registryKeys = {
  all: ['registry'] as const,
  buildings: ['registry', 'buildings'] as const,
  map: (id: string) => ['registry', 'map', id] as const,
  room: (id: string) => ['registry', 'room', id] as const,
  person: (id: string) => ['registry', 'person', id] as const,
  shops: (q: Record<string, unknown>) => ['registry', 'shops', q] as const,
  search: (q: string) => ['registry', 'search', q] as const,
  tenancies: (q: Record<string, unknown>) => ['registry', 'tenancies', q] as const,
  stats: ['registry', 'stats'] as const,
  myHousehold: ['registry', 'my-household'] as const,
  importJob: (id: string) => ['registry', 'import', id] as const,
};

export function useBuildings() {
  return useQuery({
    queryKey: registryKeys.buildings,
    queryFn: ({ signal }) => api.get<{ items: Building[] }>('/registry/buildings', undefined, signal),
  });
}

export function useBuildingMap(id: string | undefined) {
  return useQuery({
    queryKey: registryKeys.map(id ?? ''),
    queryFn: ({ signal }) => api.get<BuildingMap>(`/registry/buildings/${id}/map`, undefined, signal),
    enabled: !!id,
  });
}

/** A flat's households: opening it is audited (room.read), so it is read only when opened. */
export function useRoom(id: string | null | undefined) {
  return useQuery({
    queryKey: registryKeys.room(id ?? ''),
    queryFn: ({ signal }) => api.get<RoomDetail>(`/registry/rooms/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 0,
  });
}

export function usePerson(id: string | null | undefined) {
  return useQuery({
    queryKey: registryKeys.person(id ?? ''),
    queryFn: ({ signal }) => api.get<PersonDetail>(`/registry/persons/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 0,
  });
}

export function useShops(q: { q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: registryKeys.shops(q),
    queryFn: ({ signal }) => api.get<{ items: Shop[]; total: number }>('/registry/shops', q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: registryKeys.search(q),
    queryFn: ({ signal }) =>
      api.get<{ matchedBy: MatchedBy; items: SearchResult[] }>('/registry/search', { q, limit: 50 }, signal),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
}

export function useTenancies(q: { filter: TenancyFilter; page: number; pageSize: number; roomId?: string }) {
  return useQuery({
    queryKey: registryKeys.tenancies(q),
    queryFn: ({ signal }) => api.get<{ items: Tenancy[]; total: number }>('/registry/tenancies', q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRegistryStats() {
  return useQuery({
    queryKey: registryKeys.stats,
    queryFn: ({ signal }) => api.get<RegistryStats>('/registry/stats', undefined, signal),
  });
}

export function useMyHousehold() {
  return useQuery({
    queryKey: registryKeys.myHousehold,
    queryFn: ({ signal }) => api.get<MyHousehold>('/registry/my-household', undefined, signal),
  });
}

export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: registryKeys.importJob(id ?? ''),
    queryFn: ({ signal }) => api.get<ImportJob>(`/registry/imports/${id}`, undefined, signal),
    enabled: !!id,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : 700;
    },
  });
}

/** A multipart form (text fields + one file in the part named "file"), with cookie and CSRF token. */
export async function postMultipart<T>(path: string, form: FormData): Promise<T> {
  const response = await rawRequest(path, { method: 'POST', body: form });
  return (await response.json()) as T;
}

/** Downloads the roster (masked per role by the server; the export is audited). */
export async function downloadExport(format: 'xlsx' | 'csv', purpose?: string): Promise<void> {
  const response = await rawRequest('/registry/export', { query: { format, purpose } });
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : `roster.${format}`;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** The contract scan opens in a new tab (audited by the server). */
export function fileUrl(fileId: string): string {
  return `${API_BASE}/registry/files/${fileId}`;
}
