import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export interface DashboardSummary {
  sites: { id: string; name: string; address: string | null; isDemo: boolean }[];
  staffByRole: { role: string; n: number }[];
}

/** One request shared by every widget that reads the summary. */
export function useDashboardSummary() {
  return useQuery({
    queryKey: ['dashboard', 'summary'],
    queryFn: ({ signal }) => api.get<DashboardSummary>('/dashboard/summary', undefined, signal),
  });
}
