import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import { registryMessages as m } from './messages.ts';
import { storedFiles } from './schema.ts';

export type ContractMime = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The type a file really is, from its first bytes (never from its name or declared type). */
export function sniffContractType(bytes: Buffer): ContractMime | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  return null;
}

export function assertContractFile(bytes: Buffer, field: string): ContractMime {
  if (bytes.length === 0) {
    throw new HttpError(400, 'validation_error', m.msg('file.empty'), [
      { field, message: m.msg('file.empty') },
    ]);
  }
  const mime = sniffContractType(bytes);
  if (!mime) {
    const message = m.msg('file.type');
    throw new HttpError(415, 'unsupported_file_type', message, [{ field, message }]);
  }
  return mime;
}

export async function storeFile(
  db: Db,
  keyring: Keyring,
  f: {
    siteId: string;
    purpose: string;
    fileName: string | null;
    mime: string;
    bytes: Buffer;
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(storedFiles)
    .values({
      siteId: f.siteId,
      purpose: f.purpose,
      fileName: f.fileName,
      mime: f.mime,
      size: f.bytes.length,
      sha256: crypto.createHash('sha256').update(f.bytes).digest('hex'),
      dataEnc: keyring.encrypt('file', f.bytes),
      createdBy: f.createdBy,
      createdAt: f.now,
    })
    .returning({ id: storedFiles.id });
  return row!.id;
}

export async function readStoredFile(db: Db, keyring: Keyring, siteIds: string[], id: string) {
  const [row] = await db
    .select()
    .from(storedFiles)
    .where(and(eq(storedFiles.id, id), inArray(storedFiles.siteId, siteIds)));
  if (!row) throw notFound(m.msg('file.notFound'));
  return {
    siteId: row.siteId,
    fileName: row.fileName,
    mime: row.mime,
    purpose: row.purpose,
    bytes: keyring.decrypt('file', row.dataEnc),
  };
}
