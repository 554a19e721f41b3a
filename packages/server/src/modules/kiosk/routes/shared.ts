import type { FastifyRequest } from 'fastify';
import { actorOf, userOf } from '../../../platform/auth/guard.ts';
import type { DeviceAuth } from '../../../platform/auth/service.ts';
import { forbidden } from '../../../platform/errors.ts';
import type { CertificateReader } from '../certificate-console.ts';

export function deviceOf(request: FastifyRequest): DeviceAuth {
  const d = request.auth;
  if (d?.kind !== 'device') throw forbidden();
  return d;
}

export function readerOf(
  request: FastifyRequest,
): CertificateReader & { userId: string; personId: string | null } {
  const user = userOf(request);
  return {
    role: user.role,
    siteIds: user.siteIds,
    actor: actorOf(request),
    userId: user.userId,
    personId: user.personId,
  };
}

/** The site a console request is about: the one asked for (the guard checked it), else the caller's only one. */
export function siteOf(request: FastifyRequest, requested: string | undefined): string[] {
  const user = userOf(request);
  return requested ? [requested] : user.siteIds;
}

/** Where the verification page lives, as the caller reached us (the QR's link and the PDF's hint). */
export const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export function pdfDisposition(kind: 'inline' | 'attachment', serial: string): string {
  return `${kind}; filename="${serial}.pdf"`;
}
