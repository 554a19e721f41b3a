import { z } from 'zod';

/** Every error the API returns has this shape. */
export const errorDetailSchema = z.object({
  field: z.string().describe('dotted path of the failing field, e.g. "body.username"'),
  message: z.string(),
});
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(errorDetailSchema).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
export type ErrorDetail = z.infer<typeof errorDetailSchema>;
