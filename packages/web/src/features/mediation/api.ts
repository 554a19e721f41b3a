import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MediationCaseDetail,
  MediationCaseListItem,
  MediationListQuery,
  MediationOverdueCounts,
  MediationRosterMember,
  MediationStats,
} from '@anju/contracts';
import { api } from '../../app/api.ts';

/**
 * The mediation module's console answers (packages/server/src/modules/mediation/routes/*, prefix
 * /api/v1/mediation); the shapes are the contracts' (mediation.ts).
 */
export type {
  MediationCaseDetail,
  MediationCaseListItem,
  MediationListQuery,
  MediationRosterMember,
  MediationStats,
};
/** A roster member offered for a case (contracts' mediationSuggestionSchema). */
export type MediationSuggestion = MediationRosterMember & { matches: boolean; recusedReason: string | null };
export {
  AGREEMENT_KINDS,
  MEDIATION_GRADES,
  MEDIATION_JUDICIAL_REMINDER_DAYS,
  MEDIATION_OUTCOMES,
  MEDIATION_REFERRED_TO,
  MEDIATION_RISKS,
  MEDIATION_SOURCES,
  MEDIATION_STATUSES,
  MEDIATION_TYPES,
  PARTY_ROLES,
  ROSTER_KINDS,
} from '@anju/contracts';
export type {
  MediationAgreementInput,
  MediationCaseInput,
  MediationGrade,
  MediationOutcome,
  MediationRisk,
  MediationRosterInput,
  MediationSessionInput,
  MediationSource,
  MediationStatus,
  MediationTeamInput,
  MediationType,
  PartyRole,
  RosterKind,
} from '@anju/contracts';

export const medKeys = {
  all: ['mediation'] as const,
  list: (q: MediationListQuery) => ['mediation', 'list', q] as const,
  one: (id: string) => ['mediation', 'case', id] as const,
  suggestions: (id: string) => ['mediation', 'suggestions', id] as const,
  roster: (siteId: string) => ['mediation', 'roster', siteId] as const,
  overdue: (siteId: string) => ['mediation', 'overdue', siteId] as const,
  stats: (siteId: string, from?: string, to?: string) => ['mediation', 'stats', siteId, from, to] as const,
};

export function useCases(q: MediationListQuery | null) {
  return useQuery({
    queryKey: medKeys.list(q ?? ({} as MediationListQuery)),
    queryFn: ({ signal }) =>
      api.get<{ items: MediationCaseListItem[]; total: number }>(
        '/mediation/cases',
        { ...q } as Record<string, string>,
        signal,
      ),
    enabled: !!q?.siteId,
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: medKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<MediationCaseDetail>(`/mediation/cases/${id}`, undefined, signal),
    enabled: !!id,
    retry: false,
  });
}

export function useSuggestions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: medKeys.suggestions(id),
    queryFn: ({ signal }) =>
      api.get<{ items: MediationSuggestion[] }>(`/mediation/cases/${id}/suggestions`, undefined, signal),
    enabled,
  });
}

export function useRoster(siteId: string | undefined) {
  return useQuery({
    queryKey: medKeys.roster(siteId ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: MediationRosterMember[] }>('/mediation/roster', { siteId }, signal),
    enabled: !!siteId,
  });
}

export function useMediationStats(siteId: string | undefined, from?: string, to?: string) {
  return useQuery({
    queryKey: medKeys.stats(siteId ?? '', from, to),
    queryFn: ({ signal }) => api.get<MediationStats>('/mediation/stats', { siteId, from, to }, signal),
    enabled: !!siteId,
    placeholderData: keepPreviousData,
  });
}

/** The dashboard's overdue counts (a mediator's: their own cases). Read again after any action. */
export function useOverdueCounts(siteId: string | undefined) {
  return useQuery({
    queryKey: medKeys.overdue(siteId ?? ''),
    queryFn: ({ signal }) => api.get<MediationOverdueCounts>('/mediation/overdue', { siteId }, signal),
    enabled: !!siteId,
  });
}

/**
 * An action on a case (POST/PUT under /mediation/...): on success the case and the lists are read
 * again, so the steps and the allowed buttons follow the server's state machine.
 */
export function useCaseAction<V>(caseId: string, send: (v: V) => Promise<unknown>, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: medKeys.all });
      void queryClient.invalidateQueries({ queryKey: medKeys.one(caseId) });
      onDone?.();
    },
  });
}
