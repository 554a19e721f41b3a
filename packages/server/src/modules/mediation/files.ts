/**
 * Attachments of a case (photos, documents): PNG, JPEG or PDF by their content (the registry's
 * sniffer), at most 10 MB, through the platform's one multipart reader. Downloads are scoped like
 * the case itself and audited.
 */
import { MEDIATION_FILE_MAX_BYTES } from '@anju/contracts';
import type { FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import { readMultipartForm } from '../../platform/multipart.ts';
import { sniffContractType } from '../registry/files.ts';
import { caseForWork, type MediationCaller } from './cases.ts';
import { assertTransition } from './machine.ts';
import { mediationMessages as m } from './messages.ts';
import { mediationFiles, mediationSessions } from './schema.ts';

const fileError = (
  status: number,
  code: string,
  key: 'error.fileRequired' | 'error.fileType',
  field: string,
) => new HttpError(status, code, m.msg(key), [{ field, message: m.msg(key) }]);

/** Multipart: `file`, optional `sessionId`. The case is found (or 404) before the body is read. */
export async function uploadFile(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  request: FastifyRequest,
) {
  const c = await caseForWork(ctx.db, caller, caseId);
  assertTransition(c.status, 'attach');
  const { fields, files } = await readMultipartForm(request, {
    files: ['file'],
    maxBytes: MEDIATION_FILE_MAX_BYTES,
    maxFields: 3,
    tooLarge: m.msg('error.fileTooLarge'),
  });
  const file = files.file;
  if (!file) throw fileError(400, 'validation_error', 'error.fileRequired', 'body.file');
  const contentType = sniffContractType(file.bytes);
  if (!contentType) throw fileError(415, 'unsupported_file_type', 'error.fileType', 'body.file');
  const sessionId = fields.sessionId || null;
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (sessionId) {
      const [s] = await db
        .select({ id: mediationSessions.id })
        .from(mediationSessions)
        .where(
          and(
            eq(mediationSessions.caseId, c.id),
            // a malformed id is simply not one of the case's sessions
            eq(mediationSessions.id, /^[0-9a-f-]{36}$/i.test(sessionId) ? sessionId : c.id),
          ),
        );
      if (!s)
        throw new HttpError(400, 'validation_error', m.msg('error.sessionNotFound'), [
          { field: 'body.sessionId', message: m.msg('error.sessionNotFound') },
        ]);
    }
    const now = ctx.now();
    const [row] = await db
      .insert(mediationFiles)
      .values({
        caseId: c.id,
        sessionId,
        fileName: (file.fileName ?? 'file').slice(0, 200),
        contentType,
        bytes: file.bytes,
        size: file.bytes.length,
        uploadedBy: caller.userId,
        createdAt: now,
      })
      .returning({
        id: mediationFiles.id,
        sessionId: mediationFiles.sessionId,
        fileName: mediationFiles.fileName,
        contentType: mediationFiles.contentType,
        size: mediationFiles.size,
        createdAt: mediationFiles.createdAt,
      });
    await appendAudit(db, caller.actor, {
      action: 'mediation.file.upload',
      subjectType: 'mediation_file',
      subjectId: row!.id,
      fields: ['file', ...(sessionId ? ['sessionId'] : [])],
      siteId: c.siteId,
    });
    return { ...row!, createdAt: row!.createdAt.toISOString() };
  });
}

/** A file of a case the caller can see (404 otherwise, also for a mediator off the team). */
export async function downloadFile(ctx: AppContext, caller: MediationCaller, fileId: string) {
  const [f] = await ctx.db.select().from(mediationFiles).where(eq(mediationFiles.id, fileId));
  if (!f) throw notFound(m.msg('error.fileNotFound'));
  const c = await caseForWork(ctx.db, caller, f.caseId).catch(() => {
    throw notFound(m.msg('error.fileNotFound'));
  });
  await appendAudit(ctx.db, caller.actor, {
    action: 'mediation.file.read',
    subjectType: 'mediation_file',
    subjectId: f.id,
    fields: ['file'],
    siteId: c.siteId,
  });
  return { fileName: f.fileName, contentType: f.contentType, bytes: f.bytes };
}
