import { Select } from 'antd';
import { useState } from 'react';
import { useMe } from './auth.tsx';

/**
 * The site a page works on: the one named in the link when the user has it, else the user's
 * first; a picker appears only for users with several sites.
 */
export function useSiteChoice(initial?: string | null) {
  const me = useMe();
  const [siteId, setSiteId] = useState<string | undefined>(
    (initial && me.sites.some((s) => s.id === initial) ? initial : undefined) ?? me.sites[0]?.id,
  );
  return { siteId, setSiteId, sites: me.sites };
}

export function SiteSelect({
  siteId,
  onChange,
}: {
  siteId: string | undefined;
  onChange: (siteId: string) => void;
}) {
  const me = useMe();
  if (me.sites.length < 2) return null;
  return (
    <Select
      value={siteId}
      onChange={onChange}
      style={{ width: 180 }}
      options={me.sites.map((s) => ({ value: s.id, label: s.name }))}
      data-testid="site-select"
    />
  );
}
