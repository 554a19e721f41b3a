/**
 * Bulletins without a database: the sanitiser's allow-list, the dispute-case anonymiser and the
 * weekly safety tip composed from known facts.
 */
import { describe, expect, it } from 'vitest';
import { anonymise } from '../src/modules/bulletins/anonymise.ts';
import { composeSafetyTip, type SafetyTipFacts } from '../src/modules/bulletins/safety-tip.ts';
import { sanitizePostHtml } from '../src/modules/bulletins/sanitize.ts';

const IMG = '/api/v1/bulletins/public/images/0b7e4f0e-6f1f-4c1e-9b1a-1d2c3e4f5a6b';

describe('bulletins: sanitising a post', () => {
  const cases: [string, string, string][] = [
    ['script and its content', '<p>hi</p><script>alert(1)</script>', '<p>hi</p>'],
    ['event handler', '<p onclick="alert(1)">x</p>', '<p>x</p>'],
    ['style attribute and tag', '<p style="color:red">x</p><style>p{}</style>', '<p>x</p>'],
    ['javascript link', '<a href="javascript:alert(1)">x</a>', 'x'],
    [
      'http link kept, made safe',
      '<a href="https://gov.cn/" onmouseover="x()">gov</a>',
      '<a href="https://gov.cn/" rel="noopener noreferrer nofollow" target="_blank">gov</a>',
    ],
    ['foreign image', '<img src="https://evil.example/x.png">', ''],
    ['data image', '<img src="data:image/png;base64,AAAA">', ''],
    ['own image', `<img src="${IMG}" onerror="x()">`, `<img src="${IMG}" />`],
    ['iframe', '<iframe src="https://x"></iframe><p>ok</p>', '<p>ok</p>'],
    [
      'allowed tags',
      '<h3>a</h3><h4>b</h4><ul><li><strong>c</strong><em>d</em></li></ul><br>',
      '<h3>a</h3><h4>b</h4><ul><li><strong>c</strong><em>d</em></li></ul><br />',
    ],
    ['unknown tag unwrapped', '<div><span>text</span></div>', 'text'],
    ['svg with script', '<svg><script>alert(1)</script></svg><p>x</p>', '<p>x</p>'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => expect(sanitizePostHtml(input)).toBe(expected));
  }
});

describe('bulletins: anonymising a dispute case', () => {
  it('strips known names, forms of address, ID numbers, phones and flats, and counts them', () => {
    const { text, stripped } = anonymise(
      '张伟（身份证110105199001011234，电话13812345678）住3栋2单元501室，与楼下李阿姨因噪音争吵，老王劝解。张伟表示道歉。',
      ['张伟', '王芳'],
    );
    expect(text).not.toMatch(/张伟|110105|138|501|李阿姨|老王/);
    expect(text).toContain('某人');
    expect(text).toContain('[证件号]');
    expect(text).toContain('[电话]');
    expect(text).toContain('[某房]');
    const by = Object.fromEntries(stripped.map((s) => [s.kind, s.count]));
    expect(by).toEqual({ name: 4, id_number: 1, phone: 1, flat: 1 });
  });
  it('leaves a text with nothing personal as it is', () => {
    const input = '两户因宠物狗夜间吠叫发生纠纷，经调解双方达成一致。';
    expect(anonymise(input, [])).toEqual({ text: input, stripped: [] });
  });
});

describe('bulletins: weekly safety tip from known facts', () => {
  const office = { name: '安居派出所', phone: '010-12345678', hours: '9:00–17:00' };
  const facts: SafetyTipFacts = {
    siteId: 's',
    weeks: 4,
    topCategory: { id: 'c', nameZh: '电信诈骗', nameEn: 'telecom fraud', group: 'fraud', count: 9 },
    peakHours: { from: 19, to: 22 },
    mostHitAgeBand: { band: '60+', count: 6 },
    disputeHelpShare: 0.7,
    total: 40,
  };
  it('names the top category, its peak hours, the age band, the share, advice and the office', () => {
    const tip = composeSafetyTip(facts, office, '2026-12-07');
    expect(tip.title).toBe('本周安全提示（2026-12-07）');
    expect(tip.thinData).toBe(false);
    expect(tip.bodyHtml).toContain('近4周本小区电信诈骗警情9起');
    expect(tip.bodyHtml).toContain('多发于 19–22 时');
    expect(tip.bodyHtml).toContain('60+ 岁');
    expect(tip.bodyHtml).toContain('70%');
    expect(tip.bodyHtml).toContain('96110');
    expect(tip.bodyHtml).toContain('110');
    expect(tip.bodyHtml).toContain('010-12345678');
    expect(sanitizePostHtml(tip.bodyHtml)).toBe(tip.bodyHtml);
  });
  it('says "fewer than 5" for small counts and drops a small age band', () => {
    const tip = composeSafetyTip(
      {
        ...facts,
        topCategory: { ...facts.topCategory!, count: 3 },
        mostHitAgeBand: { band: '60+', count: 2 },
      },
      office,
      '2026-12-07',
    );
    expect(tip.thinData).toBe(true);
    expect(tip.bodyHtml).toContain('少于5起');
    expect(tip.bodyHtml).not.toContain('3起');
    expect(tip.bodyHtml).not.toContain('60+');
  });
  it('writes a quiet-weeks tip without facts, in English too', () => {
    const none: SafetyTipFacts = {
      ...facts,
      topCategory: null,
      peakHours: null,
      mostHitAgeBand: null,
      total: 0,
    };
    expect(composeSafetyTip(none, office, 'x').bodyHtml).toContain('警情较少');
    expect(composeSafetyTip(facts, office, 'x', 'en').bodyHtml).toContain('telecom fraud');
  });
});
