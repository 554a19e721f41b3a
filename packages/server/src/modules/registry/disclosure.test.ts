import { describe, expect, it } from 'vitest';
import { hukouRegionName } from './disclosure.ts';

describe('hukouRegionName', () => {
  const zhengzhou = { cityRegionPrefix: '4101', cityName: '郑州市' };
  const beijing = { cityRegionPrefix: '11', cityName: '北京市' };

  it('names the province, and the compound’s own city, in the reader’s language', () => {
    expect(hukouRegionName('410105', zhengzhou)).toBe('河南省郑州市');
    expect(hukouRegionName('410105', zhengzhou, 'en')).toBe('郑州市, Henan');
    expect(hukouRegionName('411302', zhengzhou)).toBe('河南省');
    expect(hukouRegionName('411302', zhengzhou, 'en')).toBe('Henan');
    expect(hukouRegionName('450102', zhengzhou, 'en')).toBe('Guangxi');
  });

  it('names a municipality once, and never more than the province for long city prefixes', () => {
    expect(hukouRegionName('110105', beijing)).toBe('北京市');
    expect(hukouRegionName('110105', beijing, 'en')).toBe('Beijing');
    expect(hukouRegionName('410105', { cityRegionPrefix: '410105', cityName: '金水区' })).toBe('河南省');
    expect(hukouRegionName(null, zhengzhou, 'en')).toBeNull();
  });
});
