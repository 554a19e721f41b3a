import ExcelJS from 'exceljs';
import type { Message } from '@anju/contracts';
import { HttpError } from '../errors.ts';
import { xlsxProblem } from '../xlsx-limits.ts';
import { importMessages as m } from './messages.ts';

/**
 * Reading an uploaded spreadsheet (.xlsx or .csv, told apart by content, never by name) into rows
 * of cells, for every import (the registry's roster, the incidents' dispatch exports). What the
 * columns mean is the importing module's business.
 */

export interface Cell {
  text: string;
  /** Excel stored it as a number: an 18-digit ID number has then lost its last digits. */
  numeric: boolean;
  /** Excel stored it as a date: its wall-clock time, in UTC fields (exceljs reads dates so). */
  date?: Date;
}
export interface SheetRow {
  /** the spreadsheet's row number (the header is row 1) */
  rowNumber: number;
  cells: Cell[];
}
export interface Sheet {
  format: 'xlsx' | 'csv';
  /** every non-empty row, the header first */
  rows: SheetRow[];
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * A row budget of tens of thousands of rows is a few tens of MB of sheet XML; an .xlsx that
 * inflates beyond XLSX_MAX_UNCOMPRESSED_BYTES, claims a compression ratio no spreadsheet has, or
 * holds more rows than an import takes is refused before exceljs reads it (platform/xlsx-limits.ts).
 */
export const XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
export const XLSX_MAX_RATIO = 200;

/** A 4xx on the upload's `file` field. */
export function badFile(message: Message, status = 400): HttpError {
  return new HttpError(status, status === 415 ? 'unsupported_file_type' : 'validation_error', message, [
    { field: 'body.file', message },
  ]);
}

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') return { text: String(value), numeric: true };
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  // i18n-data: a TRUE/FALSE cell read as the words a Chinese sheet shows; a cell value, never a message.
  if (typeof value === 'boolean') return { text: value ? '是' : '否', numeric: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), numeric: false, date: value };
  if (typeof value === 'object') {
    if ('richText' in value)
      return {
        text: value.richText
          .map((r) => r.text)
          .join('')
          .trim(),
        numeric: false,
      };
    if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
    if ('text' in value) return { text: String(value.text).trim(), numeric: false };
  }
  return { text: String(value).trim(), numeric: false };
}

async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw badFile(m.msg('file.unreadable'));
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badFile(m.msg('file.noSheet'));
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push({ rowNumber, cells: values.slice(1).map(cellOf) });
  });
  return rows;
}

async function refuseXlsxBomb(bytes: Buffer, maxRows: number): Promise<void> {
  const problem = await xlsxProblem(bytes, {
    maxUncompressedBytes: XLSX_MAX_UNCOMPRESSED_BYTES,
    maxRatio: XLSX_MAX_RATIO,
    maxRows: maxRows + 1, // and the header row
  });
  if (!problem) return;
  if (problem.kind === 'unreadable') throw badFile(m.msg('file.unreadable'));
  if (problem.kind === 'rows') throw badFile(m.msg('file.tooManyRows', { max: maxRows }));
  const message =
    problem.kind === 'ratio'
      ? m.msg('file.zipBomb')
      : m.msg('file.tooLarge', { mb: XLSX_MAX_UNCOMPRESSED_BYTES / 1024 / 1024 });
  throw new HttpError(413, 'spreadsheet_too_large', message, [{ field: 'body.file', message }]);
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); UTF-8 with or without BOM, or GB18030 from Excel. */
export function parseCsv(bytes: Buffer): SheetRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: SheetRow[] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (record.some((v) => v.trim() !== '')) {
      rows.push({ rowNumber: recordLine, cells: record.map((v) => ({ text: v.trim(), numeric: false })) });
    }
    record = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') inQuotes = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (field !== '' || record.length) endRecord();
  return rows;
}

/**
 * The file's rows (header first), or a 4xx on `body.file`: 415 for anything binary that is not an
 * .xlsx, 413 for an .xlsx that inflates too far, 400 for an unreadable or empty file. `maxRows`
 * (data rows) bounds an .xlsx before it is parsed; checkDataRows applies it to what was read.
 */
export async function readSheet(bytes: Buffer, limits: { maxRows: number }): Promise<Sheet> {
  let format: Sheet['format'];
  let rows: SheetRow[];
  if (bytes.subarray(0, 4).equals(XLSX_MAGIC)) {
    format = 'xlsx';
    await refuseXlsxBomb(bytes, limits.maxRows);
    rows = await readXlsx(bytes);
  } else if (bytes.includes(0)) {
    throw badFile(m.msg('file.wrongType'), 415);
  } else {
    format = 'csv';
    rows = parseCsv(bytes);
  }
  if (!rows.length) throw badFile(m.msg('file.empty'));
  return { format, rows };
}

/** The rows under the header: at least one, at most `maxRows`, else a 400 on `body.file`. */
export function checkDataRows(data: SheetRow[], maxRows: number): void {
  if (data.length > maxRows) throw badFile(m.msg('file.tooManyRows', { max: maxRows }));
  if (!data.length) throw badFile(m.msg('file.noRows'));
}
