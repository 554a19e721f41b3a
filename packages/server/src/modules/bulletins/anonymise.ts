import type { StrippedKind } from '@anju/contracts';
import { bulletinMessages as m } from './messages.ts';

/**
 * Takes what identifies people out of a free-text dispute-case summary before it becomes a
 * board post: the names the server knows (registry persons of the site), name-like forms of
 * address (张先生, 老王), ID numbers, phone numbers and flat/room numbers. It cannot know every
 * name a writer types; the draft still goes through a police officer's approval.
 */
export interface Anonymised {
  text: string;
  stripped: { kind: StrippedKind; count: number }[];
}

// Common surnames, for 老王 / 小刘 (not every 小 + character: 小区 is no name).
const SURNAMES =
  // i18n-data: surnames are names, not words to translate
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

const PATTERNS: { kind: StrippedKind; re: RegExp; to: string }[] = [
  // 18-digit ID numbers (last may be X), and the old 15-digit ones
  {
    kind: 'id_number',
    re: /(?<![0-9])(\d{17}[\dXx]|\d{15})(?![0-9Xx])/g,
    to: m.text('zh-CN', 'anon.idNumber'),
  },
  // mobile numbers, and landlines with an area code
  {
    kind: 'phone',
    re: /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g,
    to: m.text('zh-CN', 'anon.phone'),
  },
  { kind: 'phone', re: /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g, to: m.text('zh-CN', 'anon.phone') },
  // 3栋2单元501室, 5号楼1201, 3-2-501, 501室
  {
    kind: 'flat',
    re: /\d+\s*(?:栋|幢|号楼)(?:\s*\d+\s*单元)?(?:\s*\d+\s*(?:室|号)?)?|\d+-\d+-\d+|\d{3,4}\s*(?:室|房)/g,
    to: m.text('zh-CN', 'anon.flat'),
  },
  // a surname with a form of address: 张先生, 李阿姨, 老王, 小刘
  {
    kind: 'name',
    // i18n-data: forms of address to find, not words to show
    re: new RegExp(`[\\u4e00-\\u9fa5](?:先生|女士|小姐|阿姨|大爷|大妈|师傅|老师)|[老小][${SURNAMES}]`, 'g'),
    to: m.text('zh-CN', 'anon.name'),
  },
];

export function anonymise(text: string, knownNames: readonly string[]): Anonymised {
  const counts = new Map<StrippedKind, number>();
  const add = (kind: StrippedKind, n: number) => {
    if (n > 0) counts.set(kind, (counts.get(kind) ?? 0) + n);
  };
  let out = text;
  // Longest names first, so 欧阳娜娜 goes before 欧阳.
  const names = [...new Set(knownNames.filter((n) => n.trim().length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  for (const name of names) {
    const parts = out.split(name);
    add('name', parts.length - 1);
    out = parts.join(m.text('zh-CN', 'anon.name'));
  }
  for (const p of PATTERNS) {
    out = out.replace(p.re, () => {
      add(p.kind, 1);
      return p.to;
    });
  }
  return { text: out, stripped: [...counts].map(([kind, count]) => ({ kind, count })) };
}
