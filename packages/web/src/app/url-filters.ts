import type { TablePaginationConfig } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const DEFAULT_PAGE_SIZE = 20;

/**
 * Search filters, page and page size kept in the URL, so a search can be bookmarked, shared and
 * survives a reload (audit log, access log). `extra` carries page-specific parameters (e.g. the
 * access log's `view`); empty values are left out of the URL.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const f: Partial<Record<K, string>> = {};
    for (const k of keys) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params, keys]);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));

  const setFilters = (
    next: Partial<Record<K, string>>,
    nextPage = 1,
    nextSize = pageSize,
    extra: Record<string, string | null | undefined> = {},
  ) => {
    const p = new URLSearchParams();
    for (const k of keys) {
      const v = next[k]?.trim();
      if (v) p.set(k, v);
    }
    if (nextPage > 1) p.set('page', String(nextPage));
    if (nextSize !== DEFAULT_PAGE_SIZE) p.set('pageSize', String(nextSize));
    for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
    setParams(p);
  };

  return { params, filters, page, pageSize, setFilters };
}

/** The server-paged table's pager: sizes 20–200 and "共 N 条". */
export function serverPagination(
  page: number,
  pageSize: number,
  total: number,
  showTotal: (total: number) => string,
): TablePaginationConfig {
  return {
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    showTotal,
  };
}
