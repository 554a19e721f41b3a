/**
 * The header's compound count: "A 等 2 个小区" reads as two in all in Chinese, so the message takes
 * the total (in both languages: the catalogues share placeholders).
 */
import { describe, expect, it } from 'vitest';
import { shellMessages } from './messages.ts';

const fill = (text: string, vars: Record<string, number>) =>
  text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));

describe('shell.moreSites', () => {
  it('counts every compound, the first one named included', () => {
    const { zh, en } = shellMessages['shell.moreSites'];
    expect(fill(zh, { total: 2 })).toBe('等 2 个小区');
    expect(fill(en, { total: 2 })).toBe('and others (2 in all)');
  });
});
