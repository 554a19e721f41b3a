import { z } from 'zod';
import { platformMessages } from './messages.ts';

/** Path parameters that must be UUIDs (a malformed id is a 400 naming the parameter, not a 500). */
export const uuidParam = <const N extends string>(name: N) =>
  // Typed by the name, so `request.params.<name>` is a string (not `string | undefined`).
  z.object({ [name]: z.uuid(platformMessages.key('mustBeUuid')) } as Record<N, z.ZodUUID>);

/** The answer of a route that only confirms: `{ "ok": true }`. */
export const okResponse = z.object({ ok: z.literal(true) });
