/**
 * Messages by key: every word a user reads is in a module's catalogue, in both languages.
 * 1. Every catalogue entry has Chinese and English, the same placeholders in both, and English
 *    without Chinese in it.
 * 2. No Chinese string literal in the server, the contracts or the console outside a catalogue file: a raw
 *    sentence thrown as an error (or shown any other way) would reach English readers in Chinese.
 *    Data that is Chinese by nature (demo names, the 56 ethnic groups, province names) is marked
 *    where it stands with `// i18n-data: <why>` on its line or the line above, or lives in a seed file.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { definedMessageKeys, lookupMessage, type Placeholders } from '@anju/contracts';
// Importing the app loads every module, and with it every catalogue.
import '../src/app.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SOURCE_DIRS = ['packages/server/src', 'packages/contracts/src', 'packages/web/src'];
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Catalogue files, and files of demo or reference data that are Chinese by nature. */
const isCatalogueOrData = (file: string) =>
  /(^|\/)messages\.ts$|\.messages\.ts$/.test(file) || /(^|\/)(demo-)?seed\.ts$/.test(file);

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(ROOT, dir));
  return out;
}

interface Found {
  where: string;
  text: string;
}

/** Chinese in string and template literals (comments are not literals), unless marked as data. */
export function chineseLiterals(file: string, source: string): Found[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const lines = source.split('\n');
  const marked = (line: number) =>
    /i18n-data:/.test(lines[line] ?? '') || /i18n-data:/.test(lines[line - 1] ?? '');
  const found: Found[] = [];
  const visit = (node: ts.Node) => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      text = node.text;
    else if (ts.isJsxText(node)) text = node.text;
    if (text !== null && CJK.test(text)) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      if (!marked(line)) found.push({ where: `${path.relative(ROOT, file)}:${line + 1}`, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('message catalogues', () => {
  it('every entry has Chinese and English with the same placeholders', () => {
    const keys = definedMessageKeys();
    expect(keys.length).toBeGreaterThan(100);
    const problems: string[] = [];
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys) {
      const texts = lookupMessage(key)!;
      if (!texts.zh.trim()) problems.push(`${key}: no Chinese`);
      if (!texts.en.trim()) problems.push(`${key}: no English`);
      if (CJK.test(texts.en.replace(/[“"][^”"]*[”"]|（[^）]*）|\([^)]*\)/g, ''))) {
        problems.push(`${key}: Chinese left in the English "${texts.en}"`);
      }
      if (names(texts.zh).join() !== names(texts.en).join()) {
        problems.push(`${key}: placeholders differ (${names(texts.zh)} / ${names(texts.en)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a placeholder type is read from the Chinese text (the compiler refuses a missing value)', () => {
    const names: Placeholders<'已登记（{name}，{room}）'>[] = ['name', 'room'];
    expect(names).toHaveLength(2);
  });

  it('no Chinese string outside a catalogue in the server, the contracts and the console', () => {
    const scanned = sourceFiles().filter((f) => !isCatalogueOrData(f));
    expect(scanned.length).toBeGreaterThan(50);
    const found = scanned.flatMap((file) => chineseLiterals(file, fs.readFileSync(file, 'utf8')));
    expect(found.map((f) => `${f.where} ${f.text.slice(0, 60)}`)).toEqual([]);
  });

  it('the scanner sees literals and templates, and skips comments and marked data', () => {
    const source = [
      '// 注释里的中文',
      "throw new Error('中文句子');",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      'const t = `共 ${n} 条记录`;',
      "const ok = 'English only';",
      '// i18n-data: the name of an ethnic group',
      "const data = '汉族';",
    ].join('\n');
    expect(chineseLiterals('x.ts', source).map((f) => f.text)).toEqual(['中文句子', '共 ', ' 条记录']);
  });
});
