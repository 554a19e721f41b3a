/**
 * The header's compound count: "A 等 2 个小区" reads as two in all in Chinese, so the message takes
 * the total (in both languages: the catalogues share placeholders).
 */
import { fill } from '@anju/contracts';
import { describe, expect, it } from 'vitest';
import { shellMessages } from './messages.ts';

describe('shell.moreSites', () => {
  it('counts every compound, the first one named included', () => {
    const { zh, en } = shellMessages['shell.moreSites'];
    expect(fill(zh, { total: 2 })).toBe('等 2 个小区');
    expect(fill(en, { total: 2 })).toBe('and others (2 in all)');
  });
});
