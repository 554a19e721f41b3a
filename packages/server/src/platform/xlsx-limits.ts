import zlib from 'node:zlib';

/**
 * An .xlsx is a zip of XML files, and a zip can be a bomb: a few hundred KB that inflate to
 * gigabytes, which a spreadsheet library would inflate into memory before anything else. So before
 * an uploaded .xlsx reaches exceljs, this reads the zip's central directory and every entry's data
 * with bounded memory:
 *
 * - the uncompressed sizes the central directory declares must stay under `maxUncompressedBytes`
 *   in total, and no large entry may declare a compression ratio above `maxRatio`;
 * - each entry is then inflated as a stream (nothing kept) and must not inflate beyond what it
 *   declared — a lying directory is caught after at most the declared bytes;
 * - worksheet XML is counted for `<row>` elements on the way: more than `maxRows` in a sheet and
 *   the file is refused before any parsing.
 *
 * The cost is bounded by `maxUncompressedBytes` of inflation, which legitimate files need anyway.
 */

export interface XlsxLimits {
  /** sum of every entry's uncompressed size */
  maxUncompressedBytes: number;
  /** uncompressed ÷ compressed, for entries of at least RATIO_FLOOR_BYTES */
  maxRatio: number;
  /** `<row>` elements in any one worksheet */
  maxRows: number;
}

export type XlsxProblem =
  | { kind: 'unreadable' }
  | { kind: 'too_large'; uncompressedBytes: number }
  | { kind: 'ratio'; entry: string; ratio: number }
  | { kind: 'rows'; entry: string };

/** Small entries may compress extremely well (a styles.xml of repeated tags) without harm. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const MAX_ENTRIES = 10_000;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
/** A row element, with or without a namespace prefix (`<row `, `<x:row>`); bounded length. */
const ROW_TAG = /<(?:[A-Za-z_][\w.-]{0,20}:)?row[\s>/]/g;
const ROW_TAG_MAX = 27;

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

/** The central directory's entries, or null when this is not a zip we can read. */
function centralDirectory(bytes: Buffer): Entry[] | null {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64 (over 65,535 entries or 4 GB): never a spreadsheet we accept.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null;
  if (count > MAX_ENTRIES || offset + size > eocd) return null;
  const entries: Entry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== CENTRAL) return null;
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) return null;
    const entry: Entry = {
      name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
      flags: bytes.readUInt16LE(p + 8),
      method: bytes.readUInt16LE(p + 10),
      compressed: bytes.readUInt32LE(p + 20),
      uncompressed: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
    };
    if (!zip64Sizes(entry, bytes.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength)))
      return null;
    entries.push(entry);
    p = end;
  }
  return entries;
}

/** Sizes of 0xFFFFFFFF are in the ZIP64 extra field (id 1): read them; false when unreadable. */
function zip64Sizes(entry: Entry, extra: Buffer): boolean {
  if (entry.uncompressed !== 0xffffffff && entry.compressed !== 0xffffffff) return true;
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    if (id === 1) {
      let q = i + 4;
      const next = () => {
        if (q + 8 > i + 4 + length) return null;
        const v = extra.readBigUInt64LE(q);
        q += 8;
        return v > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(v);
      };
      if (entry.uncompressed === 0xffffffff) {
        const v = next();
        if (v === null) return false;
        entry.uncompressed = v;
      }
      if (entry.compressed === 0xffffffff) {
        const v = next();
        if (v === null) return false;
        entry.compressed = v;
      }
      return true;
    }
    i += 4 + length;
  }
  return false;
}

/** The entry's stored bytes (after its local header), or null when they are not in the file. */
function entryData(bytes: Buffer, entry: Entry): Buffer | null {
  const p = entry.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== LOCAL) return null;
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const end = start + entry.compressed;
  return end > bytes.length ? null : bytes.subarray(start, end);
}

/** Counts row tags across chunks (a tag split between two chunks is counted once). */
class RowCounter {
  rows = 0;
  private tail = '';
  add(chunk: Buffer): void {
    const text = this.tail + chunk.toString('latin1');
    const before = this.tail.length;
    for (const m of text.matchAll(ROW_TAG)) if (m.index + m[0].length > before) this.rows++;
    this.tail = text.slice(-ROW_TAG_MAX);
  }
}

type Inflated = 'ok' | 'unreadable' | 'overflow' | 'rows';

/** Inflates one entry as a stream, stopping at `limit` bytes or `maxRows` rows; keeps nothing. */
function inflateEntry(
  data: Buffer,
  limit: number,
  rows: RowCounter | null,
  maxRows: number,
): Promise<Inflated> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflateRaw();
    let out = 0;
    let settled = false;
    const finish = (result: Inflated) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(result);
    };
    inflate.on('data', (chunk: Buffer) => {
      out += chunk.length;
      if (out > limit) return finish('overflow');
      rows?.add(chunk);
      if (rows && rows.rows > maxRows) finish('rows');
    });
    inflate.on('end', () => finish(out === limit ? 'ok' : 'unreadable'));
    inflate.on('error', () => finish('unreadable'));
    inflate.end(data);
  });
}

/** What is wrong with this .xlsx under the limits, or null when exceljs may read it. */
export async function xlsxProblem(bytes: Buffer, limits: XlsxLimits): Promise<XlsxProblem | null> {
  const entries = centralDirectory(bytes);
  if (!entries || entries.length === 0) return { kind: 'unreadable' };
  // What the directory declares, before inflating anything.
  const total = entries.reduce((sum, e) => sum + e.uncompressed, 0);
  if (total > limits.maxUncompressedBytes) return { kind: 'too_large', uncompressedBytes: total };
  for (const entry of entries) {
    if (entry.uncompressed < RATIO_FLOOR_BYTES) continue;
    const ratio = entry.uncompressed / Math.max(entry.compressed, 1);
    if (ratio > limits.maxRatio) return { kind: 'ratio', entry: entry.name, ratio };
  }
  // What the data really holds: no entry may inflate beyond its declared size.
  for (const entry of entries) {
    if (entry.flags & 1) return { kind: 'unreadable' }; // encrypted
    const data = entryData(bytes, entry);
    if (!data) return { kind: 'unreadable' };
    const rows = WORKSHEET.test(entry.name) ? new RowCounter() : null;
    let result: Inflated;
    if (entry.method === 0) {
      rows?.add(data);
      result =
        data.length !== entry.uncompressed
          ? 'unreadable'
          : rows && rows.rows > limits.maxRows
            ? 'rows'
            : 'ok';
    } else if (entry.method === 8) {
      result = await inflateEntry(data, entry.uncompressed, rows, limits.maxRows);
    } else return { kind: 'unreadable' };
    if (result === 'rows') return { kind: 'rows', entry: entry.name };
    // More data than declared is a lie about the size: treated as what it is, a bomb.
    if (result === 'overflow') return { kind: 'too_large', uncompressedBytes: total };
    if (result === 'unreadable') return { kind: 'unreadable' };
  }
  return null;
}
