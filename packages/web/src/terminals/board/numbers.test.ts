import type { PublicNumbers } from '@anju/contracts';
import { describe, expect, it } from 'vitest';
import { disputeHelpShare } from './numbers.ts';

const count = (n: number) => (n < 5 ? { count: null, suppressed: true } : { count: n, suppressed: false });
const numbers = (groups: Record<string, number>, total: number): PublicNumbers => ({
  weeks: 4,
  suppressBelow: 5,
  byGroup: Object.entries(groups).map(([group, n]) => ({ group, ...count(n) })),
  byHourBand: [],
  total: count(total),
});

describe('the display’s dispute + help share', () => {
  it('is disputes and help against all calls, in whole counts', () => {
    expect(disputeHelpShare(numbers({ dispute: 40, help: 20, fraud: 30 }, 90))).toEqual({
      disputeHelp: 60,
      other: 30,
      pct: 67,
    });
  });

  it('counts a group with no calls as none', () => {
    expect(disputeHelpShare(numbers({ dispute: 12, fraud: 8 }, 20))).toMatchObject({
      disputeHelp: 12,
      pct: 60,
    });
  });

  it('is withheld when a count under 5 would be given away by it', () => {
    expect(disputeHelpShare(numbers({ dispute: 40, help: 3, fraud: 30 }, 73))).toBeNull();
    expect(disputeHelpShare(numbers({ dispute: 0, help: 0 }, 0))).toBeNull();
  });
});
