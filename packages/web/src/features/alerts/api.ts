import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AlertActionEntry,
  AlertDesk,
  AlertLevel,
  AlertView,
  BuiltinRule,
  BuiltinRuleSetting,
  Channel,
  Delivery,
  DutyDashboard,
  Gate,
  RegistryStats,
  Role,
  WatchRule,
} from '@anju/contracts';
import { api } from '../../app/api.ts';

export const ALERTS_KEY = ['alerts'] as const;

/** The desk a role works at (police and auxiliary officers at the police office). */
export const deskOf = (role: Role): AlertDesk => (role === 'property' ? 'property_desk' : 'police_office');

export interface AlertList {
  items: AlertView[];
  total: number;
  cursor: number;
}

export type AlertFilters = Partial<
  Record<'status' | 'kind' | 'level' | 'desk' | 'from' | 'to' | 'q', string>
>;

export function useAlertSearch(filters: AlertFilters, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: [...ALERTS_KEY, 'search', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<AlertList>('/alerts', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAlertDetail(id: string | null) {
  return useQuery({
    queryKey: [...ALERTS_KEY, 'detail', id],
    queryFn: ({ signal }) =>
      api.get<{ alert: AlertView; history: AlertActionEntry[] }>(`/alerts/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useAlertActions() {
  const queryClient = useQueryClient();
  const done = () => queryClient.invalidateQueries({ queryKey: [...ALERTS_KEY, 'detail'] });
  return {
    acknowledge: useMutation({
      mutationFn: (id: string) => api.post<AlertView>(`/alerts/${id}/acknowledge`),
      onSuccess: done,
    }),
    handOff: useMutation({
      mutationFn: ({ id, message }: { id: string; message: string }) =>
        api.post<AlertView>(`/alerts/${id}/hand-off`, { message }),
      onSuccess: done,
    }),
    resolve: useMutation({
      mutationFn: ({ id, note }: { id: string; note: string }) =>
        api.post<AlertView>(`/alerts/${id}/resolve`, { note }),
      onSuccess: done,
    }),
  };
}

// ---------- watch rules ----------
export const WATCH_KEY = ['alerts', 'watch-rules'] as const;

export function useWatchRules(status: string | undefined) {
  return useQuery({
    queryKey: [...WATCH_KEY, status ?? 'all'],
    queryFn: ({ signal }) => api.get<{ items: WatchRule[] }>('/alerts/watch-rules', { status }, signal),
    // Every listing is audited: fetch when asked, not on every focus.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useGates() {
  return useQuery({
    queryKey: ['access', 'gates'],
    queryFn: ({ signal }) => api.get<{ items: Gate[] }>('/access/gates', undefined, signal),
  });
}

// ---------- settings ----------
export interface RuleRow extends BuiltinRuleSetting {
  defaults: { enabled: boolean; desk: AlertDesk; level: AlertLevel; params: Record<string, number> };
}

export function useRuleSettings() {
  return useQuery({
    queryKey: ['alerts', 'rules'],
    queryFn: ({ signal }) =>
      api.get<{ siteId: string; items: RuleRow[] }>('/alerts/rules', undefined, signal),
  });
}

export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ rule, body }: { rule: BuiltinRule; body: Record<string, unknown> }) =>
      api.put<BuiltinRuleSetting>(`/alerts/rules/${rule}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts', 'rules'] }),
  });
}

export function useChannels() {
  return useQuery({
    queryKey: ['alerts', 'channels'],
    queryFn: ({ signal }) => api.get<{ items: Channel[] }>('/alerts/channels', undefined, signal),
  });
}

export function useDeliveries() {
  return useQuery({
    queryKey: ['alerts', 'deliveries'],
    queryFn: ({ signal }) => api.get<{ items: Delivery[] }>('/alerts/deliveries', { limit: 50 }, signal),
    refetchInterval: 15_000,
  });
}

// ---------- duty board ----------
export function useDutyDashboard(wide: boolean) {
  return useQuery({
    queryKey: ['alerts', 'dashboard', wide],
    queryFn: ({ signal }) =>
      api.get<DutyDashboard>('/alerts/dashboard', { audience: wide ? 'wide' : 'desk' }, signal),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useRegistryStats(enabled: boolean) {
  return useQuery({
    queryKey: ['registry', 'stats'],
    queryFn: ({ signal }) => api.get<RegistryStats>('/registry/stats', undefined, signal),
    enabled,
    refetchInterval: 300_000,
  });
}
