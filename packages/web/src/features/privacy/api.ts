import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Correction, CorrectionDecision, CorrectionDetail, CorrectionInput } from '@anju/contracts';
import { api, rawRequest } from '../../app/api.ts';
import { ALERTS_KEY } from '../alerts/api.ts';

export const privacyKeys = {
  myCorrections: ['privacy', 'my-corrections'] as const,
  correction: (id: string) => ['privacy', 'correction', id] as const,
};

/** Saves a file answer under the name the server gave it (Content-Disposition). */
async function saveDownload(response: Response, fallbackName: string): Promise<void> {
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** The resident's own file: everything held about them and their household (audited). */
export async function downloadMyData(): Promise<void> {
  await saveDownload(await rawRequest('/privacy/me/export'), 'my-data.json');
}

/** The same file, produced by the police office for a person asking at the counter (audited). */
export async function downloadCounterExport(personId: string, requesterNote: string): Promise<void> {
  const response = await rawRequest(`/privacy/persons/${personId}/export`, {
    method: 'POST',
    body: JSON.stringify({ requesterNote }),
    contentType: 'application/json',
  });
  await saveDownload(response, 'personal-data.json');
}

export function useMyCorrections() {
  return useQuery({
    queryKey: privacyKeys.myCorrections,
    queryFn: ({ signal }) => api.get<{ items: Correction[] }>('/privacy/me/corrections', undefined, signal),
  });
}

export function useFileCorrection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CorrectionInput) => api.post<Correction>('/privacy/me/corrections', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: privacyKeys.myCorrections }),
  });
}

export function useCorrectionDetail(id: string | null) {
  return useQuery({
    queryKey: privacyKeys.correction(id ?? ''),
    queryFn: ({ signal }) => api.get<CorrectionDetail>(`/privacy/corrections/${id}`, undefined, signal),
    enabled: !!id,
    // Every read is audited: fetch when opened, not on every focus.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDecideCorrection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: CorrectionDecision }) =>
      api.post<CorrectionDetail>(`/privacy/corrections/${id}/decide`, decision),
    onSuccess: (detail) => {
      queryClient.setQueryData(privacyKeys.correction(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: [...ALERTS_KEY, 'detail'] });
    },
  });
}
