import { z } from 'zod';
import { platformMessages } from './messages.ts';

/** Path parameters that must be UUIDs (a malformed id is a 400 naming the parameter, not a 500). */
export const uuidParam = (name: string) => z.object({ [name]: z.uuid(platformMessages.key('mustBeUuid')) });

/** The answer of a route that only confirms: `{ "ok": true }`. */
export const okResponse = z.object({ ok: z.literal(true) });
