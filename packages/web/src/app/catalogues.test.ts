/**
 * The console's catalogues: every entry in Chinese and English with the same placeholders, and no
 * Chinese left in the English (a quoted or bracketed Chinese name may stay). A key missing in one
 * language fails `tsc` already; a key defined in two files fails the import of catalogues.ts.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUES, messages } from './catalogues.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Chinese counting words (个, 人) after a number: English shows the number alone. */
const NO_ENGLISH_WORD = new Set(['dashboard.unitSite', 'dashboard.unitPerson']);
/** The example is a Chinese licence plate (豫A12345), the same in either language. */
const CHINESE_EXAMPLE = new Set(['registry.platesHint']);
/** The language switch names the other language in its own words (中文 in the English console). */
const OWN_NAME = new Set(['app.otherLanguage']);
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console catalogues', () => {
  it('every entry has Chinese and English with the same placeholders', () => {
    const problems: string[] = [];
    for (const [name, catalogue] of Object.entries(CATALOGUES)) {
      for (const [key, { zh, en }] of Object.entries(catalogue)) {
        if (!zh.trim()) problems.push(`${name} ${key}: no Chinese`);
        if (!en.trim() && !NO_ENGLISH_WORD.has(key)) problems.push(`${name} ${key}: no English`);
        if (
          !CHINESE_EXAMPLE.has(key) &&
          !OWN_NAME.has(key) &&
          CJK.test(en.replace(/[“"「][^”"」]*[”"」]|（[^）]*）|\([^)]*\)/g, ''))
        ) {
          problems.push(`${name} ${key}: Chinese left in the English "${en}"`);
        }
        if (placeholders(zh).join() !== placeholders(en).join()) {
          problems.push(`${name} ${key}: placeholders differ (${placeholders(zh)} / ${placeholders(en)})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the merged dictionary holds every key of every catalogue, in both languages', () => {
    const keys = Object.values(CATALOGUES).flatMap((catalogue) => Object.keys(catalogue));
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(messages['zh-CN']).sort()).toEqual([...keys].sort());
    expect(Object.keys(messages.en).sort()).toEqual([...keys].sort());
    expect(messages.en['app.name']).toBe('Anju');
    expect(messages['zh-CN']['app.name']).toBe('安居');
  });
});
