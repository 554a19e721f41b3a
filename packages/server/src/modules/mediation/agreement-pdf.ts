import type { PDFFont, PDFPage, PDFDocument } from 'pdf-lib';
import { rgb } from 'pdf-lib';
import { drawSampleSeal, drawSealImage, newPdf, wrapText } from '../../platform/pdf/pdf.ts';
import { agreementMessages as m } from './agreements.messages.ts';

/** What a printed agreement shows (all of it from the agreement's rows, so a reprint is the same). */
export interface AgreementPrint {
  serial: string;
  committee: string;
  signedOn: string;
  copies: number;
  parties: {
    role: 'applicant' | 'respondent' | 'other';
    name: string;
    phone: string | null;
    address: string | null;
  }[];
  partiesSummary: string;
  mainFacts: string;
  disputedMatters: string;
  responsibilities: string;
  terms: { seq: number; text: string; obligor: string; how: string; place: string; dueOn: string }[];
  mediatorName: string;
  judicial: { appliedOn: string | null; court: string | null; number: string | null; result: string | null };
  /** the committee's seal (PNG), or null for the sample seal 样章 SAMPLE */
  sealPng: Buffer | null;
}

const zh = 'zh-CN' as const;
// i18n-data: Chinese numerals for 一式三份 (a document's wording, printed in Chinese)
const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.4, 0.4, 0.4);
const A4: [number, number] = [595.28, 841.89];
const LEFT = 64;
const RIGHT = A4[0] - 64;
const BOTTOM = 64;

/**
 * 人民调解协议书 (People's Mediation Law Art. 29) on the platform's PDF machinery: parties' details,
 * main facts, disputed matters, each party's responsibility, the terms with how / where / by when,
 * the effect and copies line (one document printed in `copies` copies — "一式三份" — rather than
 * three copies in one file), signature and fingerprint lines for each party, the mediator's
 * signature, the committee's seal, and the judicial-confirmation note with what was recorded.
 * Flows over as many A4 pages as the text needs.
 */
export async function renderAgreementPdf(a: AgreementPrint): Promise<Uint8Array> {
  const title = m.text(zh, 'pdf.title');
  const { doc, fonts } = await newPdf(
    { title: `${title} ${a.serial}`, author: a.committee, subject: a.serial },
    { bold: false },
  );
  const font = fonts.regular;
  const flow = new Flow(doc, font);

  const serial = m.text(zh, 'pdf.serial', { serial: a.serial });
  flow.page.drawText(serial, {
    x: RIGHT - font.widthOfTextAtSize(serial, 10),
    y: 800,
    size: 10,
    font,
    color: GREY,
  });
  flow.page.drawText(title, {
    x: (A4[0] - font.widthOfTextAtSize(title, 24)) / 2,
    y: 760,
    size: 24,
    font,
    color: INK,
  });
  flow.y = 720;

  flow.heading(m.text(zh, 'pdf.parties'));
  const blank = m.text(zh, 'pdf.blank');
  for (const p of a.parties) {
    flow.text(
      m.text(zh, 'pdf.party', {
        role: m.text(zh, `pdf.role.${p.role}`),
        name: p.name,
        phone: p.phone ?? blank,
        address: p.address ?? blank,
      }),
    );
  }
  if (a.partiesSummary) flow.text(a.partiesSummary);
  flow.heading(m.text(zh, 'pdf.mainFacts'));
  flow.text(a.mainFacts);
  flow.heading(m.text(zh, 'pdf.disputedMatters'));
  flow.text(a.disputedMatters);
  flow.heading(m.text(zh, 'pdf.responsibilities'));
  flow.text(a.responsibilities);
  flow.heading(m.text(zh, 'pdf.terms'));
  if (a.terms.length === 0) flow.text(m.text(zh, 'pdf.noTerms'));
  for (const t of a.terms) {
    flow.text(
      m.text(zh, 'pdf.term', {
        seq: t.seq,
        text: t.text,
        obligor: t.obligor,
        how: t.how,
        place: t.place,
        dueOn: t.dueOn,
      }),
    );
  }
  flow.gap(6);
  flow.text(m.text(zh, 'pdf.effect', { copies: NUMERALS[a.copies] ?? String(a.copies) }));
  flow.text(m.text(zh, 'pdf.free'));
  flow.text(m.text(zh, 'pdf.judicial'));
  const j = a.judicial;
  if (j.appliedOn || j.court || j.number || j.result) {
    flow.text(
      m.text(zh, 'pdf.judicialRecord', {
        appliedOn: j.appliedOn ?? blank,
        court: j.court ?? blank,
        number: j.number ?? blank,
        result: j.result ?? blank,
      }),
    );
  }

  // Signatures: each party's line (signature + fingerprint box), the mediator's, the committee's seal.
  flow.gap(10);
  for (const p of a.parties) {
    flow.text(
      m.text(zh, 'pdf.partySign', {
        role: `${m.text(zh, `pdf.role.${p.role}`)} ${p.name}`,
        date: a.signedOn,
      }),
      12,
      26,
    );
  }
  flow.text(m.text(zh, 'pdf.mediatorSign', { name: a.mediatorName }), 12, 26);
  flow.need(150);
  const sealText = m.text(zh, 'pdf.committeeSeal', { committee: a.committee });
  const sealY = flow.y - 40;
  for (const [text, y] of [
    [sealText, sealY],
    [a.signedOn, sealY - 22],
  ] as const) {
    flow.page.drawText(text, { x: RIGHT - font.widthOfTextAtSize(text, 12), y, size: 12, font, color: INK });
  }
  const seal = { cx: RIGHT - 80, cy: sealY - 4, radius: 58 };
  if (a.sealPng) await drawSealImage(doc, flow.page, a.sealPng, seal);
  else drawSampleSeal(flow.page, { ...seal, office: a.committee, font });

  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const text = m.text(zh, 'pdf.copyOf', { page: i + 1, pages: pages.length });
    page.drawText(text, {
      x: (A4[0] - font.widthOfTextAtSize(text, 9)) / 2,
      y: 36,
      size: 9,
      font,
      color: GREY,
    });
  });
  return doc.save();
}

/** Text flowing down the page, onto a new page when it reaches the bottom margin. */
class Flow {
  page: PDFPage;
  y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
  ) {
    this.page = doc.addPage(A4);
  }
  need(height: number): void {
    if (this.y - height >= BOTTOM) return;
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - 72;
  }
  gap(h: number): void {
    this.y -= h;
  }
  heading(text: string): void {
    this.gap(6);
    this.text(`【${text}】`, 13);
  }
  text(text: string, size = 12, lineHeight = size * 1.6): void {
    for (const line of wrapText(text, this.font, size, RIGHT - LEFT)) {
      this.need(lineHeight);
      this.page.drawText(line, { x: LEFT, y: this.y, size, font: this.font, color: INK });
      this.y -= lineHeight;
    }
  }
}
