import type {
  Board,
  BoardCode,
  GeneratedDraft,
  Post,
  PostCreate,
  PostImage,
  PostStatus,
  PostUpdate,
  PostVersion,
  PublicBoard,
  PublicNumbers,
  PublicPost,
} from '@anju/contracts';
import { api, rawRequest } from '../../app/api.ts';

/**
 * The boards module's answers (server: packages/server/src/modules/bulletins, prefix
 * /api/v1/bulletins); the shapes are the contracts' (bulletins.ts). The paths are kept here only.
 */
export type {
  Board,
  BoardCode,
  GeneratedDraft,
  Post,
  PostImage,
  PostStatus,
  PostVersion,
  PublicBoard,
  PublicNumbers,
  PublicPost,
};

const B = '/bulletins';

export const bulletinsApi = {
  boards: (siteId: string) => api.get<{ items: Board[] }>(`${B}/boards`, { siteId }),
  posts: (siteId: string, filter: { boardId?: string; status?: PostStatus }) =>
    api.get<{ items: Post[] }>(`${B}/posts`, { siteId, ...filter }),
  versions: (id: string) => api.get<{ items: PostVersion[] }>(`${B}/posts/${id}/versions`),
  create: (input: PostCreate) => api.post<Post>(`${B}/posts`, input),
  update: (id: string, input: PostUpdate) => api.patch<Post>(`${B}/posts/${id}`, input),
  submit: (id: string) => api.post<Post>(`${B}/posts/${id}/submit`),
  approve: (id: string) => api.post<Post>(`${B}/posts/${id}/approve`),
  reject: (id: string, reason: string) => api.post<Post>(`${B}/posts/${id}/reject`, { reason }),
  unpublish: (id: string) => api.post<Post>(`${B}/posts/${id}/unpublish`),
  /** The weekly safety tip drafted from the last weeks' incidents: a draft post the caller edits. */
  generateSafetyTip: (siteId: string) => api.post<GeneratedDraft>(`${B}/drafts/safety-tip`, { siteId }),
  /** A 常见纠纷 post drafted from a mediation case summary, names, ID numbers, phones and flats taken out. */
  draftDisputeCase: (siteId: string, summary: string, title?: string) =>
    api.post<GeneratedDraft>(`${B}/drafts/dispute-case`, { siteId, summary, title: title || undefined }),
  /** An image for a post: the server checks and re-encodes it and answers the URL to put in <img src>. */
  uploadImage: async (siteId: string, file: File): Promise<PostImage> => {
    const form = new FormData();
    form.append('file', file);
    const res = await rawRequest(`${B}/images`, { method: 'POST', body: form, query: { siteId } });
    return (await res.json()) as PostImage;
  },
  /** The resident's site board (self.bulletins): the public board's shape. */
  mine: () => api.get<PublicBoard>(`${B}/mine`),
};

/** The public board, no sign-in (no credentials sent, nothing personal in it). */
export async function fetchPublicBoard(siteId: string, signal?: AbortSignal): Promise<PublicBoard> {
  const res = await fetch(`/api/v1${B}/public/sites/${encodeURIComponent(siteId)}`, {
    signal,
    credentials: 'omit',
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as PublicBoard;
}

export const publicStreamUrl = (siteId: string) =>
  `/api/v1${B}/public/sites/${encodeURIComponent(siteId)}/stream`;

/** A board's name in the page's language, from the board list that came with the posts. */
export function boardNamer(boards: readonly Pick<Board, 'id' | 'nameZh' | 'nameEn'>[], lang: string) {
  const byId = new Map(boards.map((b) => [b.id, lang === 'en' ? b.nameEn : b.nameZh]));
  return (id: string) => byId.get(id) ?? '';
}
