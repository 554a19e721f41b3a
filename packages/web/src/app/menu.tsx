import { AppstoreOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { MenuItem } from '@anju/contracts';
import { isMessageKey } from './i18n.tsx';
import { FEATURE_ROUTES, MENU_GROUP_ICONS } from './routes.tsx';

/**
 * The side menu, built from menuFor(role) of @anju/contracts. Entries whose paths share a first
 * segment (/registry, /registry/search...) are shown together under a group titled by the
 * i18n key `menuGroup.<segment>`.
 */
export interface MenuGroup {
  key: string;
  title: string;
  icon: ReactNode;
  items: MenuItem[];
}

export type MenuEntry = { kind: 'item'; item: MenuItem } | { kind: 'group'; group: MenuGroup };

const segmentOf = (path: string) => path.split('/')[1] ?? '';

export function groupMenu(items: readonly MenuItem[], tr: (key: string) => string): MenuEntry[] {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(segmentOf(i.path), (counts.get(segmentOf(i.path)) ?? 0) + 1);
  const entries: MenuEntry[] = [];
  const groups = new Map<string, MenuGroup>();
  for (const item of items) {
    const segment = segmentOf(item.path);
    if (!segment || (counts.get(segment) ?? 0) < 2) {
      entries.push({ kind: 'item', item });
      continue;
    }
    let group = groups.get(segment);
    if (!group) {
      const key = `menuGroup.${segment}`;
      const head = items.find((i) => i.path === `/${segment}`);
      group = {
        key: `group:${segment}`,
        title: isMessageKey(key) ? tr(key) : head ? tr(head.label) : segment,
        icon: MENU_GROUP_ICONS[segment] ?? <AppstoreOutlined />,
        items: [],
      };
      groups.set(segment, group);
      entries.push({ kind: 'group', group });
    }
    group.items.push(item);
  }
  return entries;
}

export function menuProps(
  entries: MenuEntry[],
  tr: (key: string) => string,
): NonNullable<MenuProps['items']> {
  const leaf = (item: MenuItem, withIcon: boolean) => ({
    key: item.key,
    icon: withIcon ? (FEATURE_ROUTES[item.key]?.icon ?? <AppstoreOutlined />) : undefined,
    label: <Link to={item.path}>{tr(item.label)}</Link>,
  });
  return entries.map((e) =>
    e.kind === 'item'
      ? leaf(e.item, true)
      : {
          key: e.group.key,
          icon: e.group.icon,
          label: e.group.title,
          children: e.group.items.map((i) => leaf(i, false)),
        },
  );
}

/** The menu entry a path belongs to: the longest matching path ("/" matches only itself). */
export function menuItemOfPath(items: readonly MenuItem[], pathname: string): MenuItem | undefined {
  return items
    .filter((i) =>
      i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)[0];
}
