import type { CertificateType } from '@anju/contracts';
import { kioskContractMessages as cm } from '@anju/contracts';
import {
  fill,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  type PDFFont,
  rgb,
  setFillingRgbColor,
  setLineWidth,
  setStrokingRgbColor,
  setTextRenderingMode,
  TextRenderingMode,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { drawParagraph, drawSampleSeal, drawSealImage, newPdf } from '../../platform/pdf/pdf.ts';
import { shanghaiClock, shanghaiDate } from '../../platform/time.ts';
import { kioskMessages as m } from './messages.ts';

/** What a printed certificate shows (all of it stored on the certificate row, so a reprint is the same). */
export interface CertificatePrint {
  serial: string;
  type: CertificateType;
  /** label key → value: name, sex, birthDate, idNumber (masked as printed), hukouAddress */
  content: Record<string, string>;
  purpose: string | null;
  office: string;
  issuedAt: Date;
  issuedOn: string;
  validUntil: string;
  /** `<origin>/verify#<token>` */
  verifyUrl: string;
  origin: string;
  /** the office's seal (PNG), or null for the sample seal 样章 SAMPLE */
  sealPng: Buffer | null;
}

const CONTENT_LABELS = [
  ['name', 'pdf.holder'],
  ['sex', 'pdf.sex'],
  ['birthDate', 'pdf.birthDate'],
  ['idNumber', 'pdf.idNumber'],
  ['hukouAddress', 'pdf.hukouAddress'],
] as const;

const zh = 'zh-CN' as const;
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.4, 0.4, 0.4);

/**
 * The certificate as a one-page A4 PDF: Chinese title, the holder's lines, the certifying
 * sentence, purpose, office, issue time (Asia/Shanghai), validity, serial, the seal in red over the
 * office's name and the QR code of the verification link. Tens of kilobytes with the font subset.
 */
export async function renderCertificatePdf(c: CertificatePrint): Promise<Uint8Array> {
  const title = cm.text(zh, `type.${c.type}`);
  // One weight embedded (each costs its subset on save); headings are the regular face drawn
  // filled and outlined.
  const { doc, fonts } = await newPdf(
    { title: `${title} ${c.serial}`, author: c.office, subject: c.serial },
    { bold: false },
  );
  const font = fonts.regular;
  const page = doc.addPage([595.28, 841.89]);
  const { width } = page.getSize();
  const left = 72;
  const valueX = 190;
  const right = width - 72;

  // Serial, top right.
  const serialText = `${m.text(zh, 'pdf.serial')}  ${c.serial}`;
  page.drawText(serialText, {
    x: right - font.widthOfTextAtSize(serialText, 10),
    y: 790,
    size: 10,
    font: font,
    color: GREY,
  });
  // Title, centred, with the English name beneath.
  drawBold(page, title, { x: (width - font.widthOfTextAtSize(title, 28)) / 2, y: 730, size: 28, font });
  const english = cm.text('en', `type.${c.type}`);
  page.drawText(english, {
    x: (width - font.widthOfTextAtSize(english, 11)) / 2,
    y: 708,
    size: 11,
    font: font,
    color: GREY,
  });

  let y = 660;
  const line = (label: string, value: string) => {
    drawBold(page, label, { x: left, y, size: 13, font });
    y = drawParagraph(page, value, { x: valueX, y, width: right - valueX, size: 13, font: font });
    y -= 6;
  };
  for (const [key, label] of CONTENT_LABELS) {
    const value = c.content[key];
    if (!value) continue;
    const shown =
      key === 'sex' && (value === 'male' || value === 'female') ? m.text(zh, `pdf.sex.${value}`) : value;
    line(m.text(zh, label), shown);
  }
  y -= 14;
  const body =
    c.type === 'no_criminal_record'
      ? m.text(zh, 'pdf.body.no_criminal_record', { date: c.issuedOn })
      : m.text(zh, `pdf.body.${c.type}`);
  y = drawParagraph(page, body, {
    x: left,
    y,
    width: right - left,
    size: 14,
    font: font,
    lineHeight: 24,
  });
  y -= 14;
  if (c.purpose) line(m.text(zh, 'pdf.purpose'), c.purpose);
  line(m.text(zh, 'pdf.validity'), m.text(zh, 'pdf.validityRange', { from: c.issuedOn, to: c.validUntil }));

  // Office and time, right-aligned, with the seal over them.
  const issued = `${shanghaiDate(c.issuedAt)} ${shanghaiClock(c.issuedAt).hhmm}`;
  const officeY = 300;
  const officeText = `${m.text(zh, 'pdf.office')}  ${c.office}`;
  const timeText = `${m.text(zh, 'pdf.issuedAt')}  ${issued}`;
  for (const [text, at] of [
    [officeText, officeY],
    [timeText, officeY - 24],
  ] as const) {
    page.drawText(text, {
      x: right - font.widthOfTextAtSize(text, 13),
      y: at,
      size: 13,
      font: font,
      color: INK,
    });
  }
  const seal = { cx: right - 80, cy: officeY - 4, radius: 62 };
  if (c.sealPng) await drawSealImage(doc, page, c.sealPng, seal);
  else drawSampleSeal(page, { ...seal, office: c.office, font });

  // QR code of the verification link, bottom left, with how to check it.
  drawQrRuns(page, c.verifyUrl, { x: left, y: 90, size: 120 });
  drawParagraph(page, m.text(zh, 'pdf.verifyHint', { origin: c.origin }), {
    x: left + 135,
    y: 180,
    width: right - left - 135,
    size: 10,
    font: font,
  });
  drawParagraph(page, m.text(zh, 'pdf.footer'), {
    x: left,
    y: 60,
    width: right - left,
    size: 9,
    font: font,
  });
  return doc.save();
}

/**
 * The QR code as one filled path of horizontal runs: the same picture as platform/pdf's drawQr
 * (one rectangle per module, each with its own colour and fill), at a tenth of the operators —
 * which is most of the time and bytes a certificate takes. (Candidate for platform/pdf/pdf.ts.)
 */
function drawQrRuns(page: PDFPage, text: string, at: { x: number; y: number; size: number }): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = at.size / (n + quiet * 2);
  page.drawRectangle({ x: at.x, y: at.y, width: at.size, height: at.size, color: rgb(1, 1, 1) });
  const ops = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      ops.push(
        rectangle(
          at.x + (start + quiet) * cell,
          at.y + at.size - (row + quiet + 1) * cell,
          (col - start) * cell + 0.01,
          cell + 0.01,
        ),
      );
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

/** Text in the regular face, filled and outlined: bold enough for headings without a second font. */
function drawBold(
  page: PDFPage,
  text: string,
  at: { x: number; y: number; size: number; font: PDFFont },
): void {
  page.pushOperators(
    pushGraphicsState(),
    setTextRenderingMode(TextRenderingMode.FillAndOutline),
    setLineWidth(at.size * 0.035),
    setStrokingRgbColor(0.1, 0.1, 0.1),
  );
  page.drawText(text, { x: at.x, y: at.y, size: at.size, font: at.font, color: INK });
  page.pushOperators(popGraphicsState());
}
