import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { drawParagraph, drawQr, drawSampleSeal, newPdf, wrapText } from './pdf.ts';

async function textOf(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('PDF machinery', () => {
  it('writes Chinese that a reader extracts again, with a subset font, a seal and a QR code', async () => {
    const { doc, fonts } = await newPdf({ title: '户籍证明', author: '示范派出所' });
    const page = doc.addPage([595.28, 841.89]);
    page.drawText('户籍证明', { x: 250, y: 780, size: 24, font: fonts.bold });
    const after = drawParagraph(page, '兹证明张三（公民身份号码 410105********1234）系本辖区常住户口。', {
      x: 72,
      y: 720,
      width: 450,
      size: 14,
      font: fonts.regular,
    });
    expect(after).toBeLessThan(720);
    drawSampleSeal(page, { cx: 420, cy: 200, radius: 60, office: '示范派出所（演示）', font: fonts.bold });
    drawQr(page, 'ANJU1.test-payload', { x: 72, y: 120, size: 100 });
    const bytes = await doc.save();
    // Subset: the 8 MB font shrinks to the glyphs used.
    expect(bytes.length).toBeLessThan(150_000);
    const text = await textOf(bytes);
    expect(text).toContain('户籍证明');
    expect(text).toContain('410105********1234');
    expect(text).toContain('样章 SAMPLE');
  });

  it('wraps Chinese between characters and Latin text at spaces, never past the width', async () => {
    const { fonts } = await newPdf({ title: 't', author: 't' });
    const width = 120;
    const lines = wrapText(
      '人民调解协议书 People’s mediation agreement 第一条 甲方应于三十日内付清款项',
      fonts.regular,
      12,
      width,
    );
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(fonts.regular.widthOfTextAtSize(line, 12)).toBeLessThanOrEqual(width);
    expect(lines.join('')).toContain('mediation');
    expect(lines.some((l) => l.includes('mediati') && !l.includes('mediation'))).toBe(false);
    // A token longer than a line is cut rather than overflowing.
    const long = wrapText('1'.repeat(80), fonts.regular, 12, width);
    expect(long.length).toBeGreaterThan(1);
    expect(long.join('')).toBe('1'.repeat(80));
  });
});
