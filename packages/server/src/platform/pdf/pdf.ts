import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import {
  degrees,
  type PDFDocument,
  PDFDocument as PdfDocument,
  type PDFFont,
  type PDFPage,
  rgb,
} from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * The one PDF machinery: certificates (kiosk) and agreements (mediation) are drawn with it.
 * Chinese type comes from a font that ships inside an npm package (Noto Sans SC, SIL OFL, in
 * @embedpdf/fonts-sc: 30,000+ characters, so rare characters in names print too), embedded as a
 * subset of the glyphs a document uses — no system font, and a certificate stays tens of kilobytes.
 *
 * The subset is made by fontkit 2 (foliojs, as in PDFKit): pdf-lib's own fork of fontkit 1 writes
 * CID-keyed CFF subsets that poppler refuses and renders blank ("Embedded font file may be
 * invalid"); fontkit 2's subsets render in poppler, pdf.js and Chromium.
 */

const require = createRequire(import.meta.url);
// The package exports only its index (dist/); the fonts sit beside it.
const FONT_DIR = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const FONT_FILES = { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' } as const;
type Weight = keyof typeof FONT_FILES;

type FontkitFont = fontkit.Font;
interface LoadedFont {
  bytes: Uint8Array;
  parsed: FontkitFont;
}

/**
 * The fontkit pdf-lib expects: `create` hands back the font already parsed, and a subset's
 * `encodeStream()` (fontkit 1's streaming API) is served by fontkit 2's one-shot `encode()`.
 */
function fontkitFor(font: FontkitFont) {
  const subsetOf = (subset: fontkit.Subset) =>
    new Proxy(subset, {
      get(target, name) {
        if (name === 'encodeStream') {
          return () => {
            const stream = new EventEmitter();
            setImmediate(() => {
              try {
                stream.emit('data', target.encode());
                stream.emit('end');
              } catch (error) {
                stream.emit('error', error);
              }
            });
            return stream;
          };
        }
        const value = Reflect.get(target, name, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const adapted = new Proxy(font, {
    get(target, name) {
      if (name === 'createSubset') return () => subsetOf(target.createSubset());
      const value = Reflect.get(target, name, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { create: () => adapted };
}
const loaded = new Map<Weight, LoadedFont>();

/** The 8 MB font is parsed once per process (a first certificate waits for it; later ones reuse it). */
function fontOf(weight: Weight): LoadedFont {
  let font = loaded.get(weight);
  if (!font) {
    const bytes = fs.readFileSync(path.join(FONT_DIR, FONT_FILES[weight]));
    font = { bytes, parsed: fontkit.create(Buffer.from(bytes)) as FontkitFont };
    loaded.set(weight, font);
  }
  return font;
}

export interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
}

export interface NewPdf {
  doc: PDFDocument;
  fonts: PdfFonts;
}

/**
 * A new document with the Chinese fonts embedded (as subsets, when saved). Each weight embedded
 * costs its subset on save (tens of ms and tens of kB, whatever the glyphs): `{ bold: false }`
 * embeds the regular weight only, and `fonts.bold` is then the regular font.
 */
export async function newPdf(
  meta: { title: string; subject?: string; author: string },
  options: { bold?: boolean } = {},
): Promise<NewPdf> {
  const doc = await PdfDocument.create();
  const fonts: Partial<PdfFonts> = {};
  for (const weight of options.bold === false ? (['regular'] as const) : (['regular', 'bold'] as const)) {
    const font = fontOf(weight);
    doc.registerFontkit(fontkitFor(font.parsed) as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
    fonts[weight] = await doc.embedFont(font.bytes, { subset: true });
  }
  fonts.bold ??= fonts.regular;
  doc.setTitle(meta.title);
  doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  doc.setLanguage('zh-CN');
  // i18n-data: the product's name in both scripts (document metadata, not a sentence)
  doc.setProducer('Anju 安居');
  // i18n-data: the product's name in both scripts (document metadata, not a sentence)
  doc.setCreator('Anju 安居');
  return { doc, fonts: fonts as PdfFonts };
}

/** Warms the font cache (at start-up, so the first certificate at night is as fast as the rest). */
export function preloadPdfFonts(): void {
  fontOf('regular');
  fontOf('bold');
}

/**
 * Lines of at most `width` points: Chinese breaks between any two characters, other text at
 * spaces (a word longer than a line is cut). Explicit newlines are kept.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const token of paragraph.match(TOKENS) ?? []) {
      if (fits(line + token)) {
        line += token;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      line = /^\s+$/.test(token) ? '' : token;
      // A single token wider than a line (a long number, a URL): cut it where it overflows.
      while (!fits(line)) {
        let cut = 1;
        while (cut < line.length && fits(line.slice(0, cut + 1))) cut++;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

// One CJK character or full-width mark, a run of other non-space text, or a run of spaces.
const CJK_CLASS = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
const TOKENS = new RegExp(`[${CJK_CLASS}]|[^\\s${CJK_CLASS}]+|\\s+`, 'g');

/** Draws wrapped text from the top line down; returns the y below the last line. */
export function drawParagraph(
  page: PDFPage,
  text: string,
  at: { x: number; y: number; width: number; size: number; font: PDFFont; lineHeight?: number },
): number {
  const lineHeight = at.lineHeight ?? at.size * 1.6;
  let y = at.y;
  for (const line of wrapText(text, at.font, at.size, at.width)) {
    page.drawText(line, { x: at.x, y, size: at.size, font: at.font, color: rgb(0.1, 0.1, 0.1) });
    y -= lineHeight;
  }
  return y;
}

/** A QR code drawn as vector squares (crisp at any print size, a few hundred bytes). */
export function drawQr(
  page: PDFPage,
  text: string,
  at: { x: number; y: number; size: number; errorCorrection?: 'L' | 'M' | 'Q' | 'H' },
): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: at.errorCorrection ?? 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = at.size / (n + quiet * 2);
  page.drawRectangle({ x: at.x, y: at.y, width: at.size, height: at.size, color: rgb(1, 1, 1) });
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue;
      page.drawRectangle({
        x: at.x + (col + quiet) * cell,
        y: at.y + at.size - (row + quiet + 1) * cell,
        width: cell + 0.01,
        height: cell + 0.01,
        color: rgb(0, 0, 0),
      });
    }
  }
}

const SEAL_RED = rgb(0.86, 0.08, 0.1);

/**
 * The demo office's seal, drawn in red: a ring, a star, the office's name round the top and
 * 样章 SAMPLE across — plainly a sample, never a real office's seal. A real office uploads its own
 * seal image (drawSealImage).
 */
export function drawSampleSeal(
  page: PDFPage,
  at: { cx: number; cy: number; radius: number; office: string; font: PDFFont },
): void {
  const { cx, cy, radius, font } = at;
  page.drawCircle({
    x: cx,
    y: cy,
    size: radius,
    borderColor: SEAL_RED,
    borderWidth: radius * 0.06,
    opacity: 0,
  });
  // A five-pointed star in the middle.
  const star: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? radius * 0.28 : radius * 0.11;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    star.push(`${i === 0 ? 'M' : 'L'} ${(r * Math.cos(a)).toFixed(2)} ${(r * Math.sin(a)).toFixed(2)}`);
  }
  page.drawSvgPath(`${star.join(' ')} Z`, { x: cx, y: cy, color: SEAL_RED });
  // The office's name along the upper arc, one character at a time.
  const chars = [...at.office].slice(0, 16);
  const size = radius * 0.2;
  const arc = Math.PI * 1.1;
  chars.forEach((ch, i) => {
    const angle = Math.PI / 2 + arc / 2 - (chars.length === 1 ? arc / 2 : (i * arc) / (chars.length - 1));
    const r = radius * 0.72;
    const w = font.widthOfTextAtSize(ch, size);
    const rot = angle - Math.PI / 2;
    page.drawText(ch, {
      x: cx + r * Math.cos(angle) - (w / 2) * Math.cos(rot),
      y: cy + r * Math.sin(angle) - (w / 2) * Math.sin(rot),
      size,
      font,
      color: SEAL_RED,
      rotate: degrees((rot * 180) / Math.PI),
    });
  });
  // Part of the seal's image, like the office's name round its rim: a seal on a Chinese certificate
  // carries Chinese whoever reads it, and the marker already says SAMPLE in English too.
  // i18n-data: the wording of a seal (drawn, not a message)
  const sample = '样章 SAMPLE';
  const sampleSize = radius * 0.17;
  page.drawText(sample, {
    x: cx - font.widthOfTextAtSize(sample, sampleSize) / 2,
    y: cy - radius * 0.55,
    size: sampleSize,
    font,
    color: SEAL_RED,
  });
}

/** An office's uploaded seal (a PNG with a transparent background), over the text it seals. */
export async function drawSealImage(
  doc: PDFDocument,
  page: PDFPage,
  png: Uint8Array,
  at: { cx: number; cy: number; radius: number },
): Promise<void> {
  const image = await doc.embedPng(png);
  const size = at.radius * 2;
  page.drawImage(image, {
    x: at.cx - at.radius,
    y: at.cy - at.radius,
    width: size,
    height: size,
    opacity: 0.9,
  });
}
