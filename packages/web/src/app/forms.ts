import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { renderKey } from '@anju/contracts';
import { ApiError } from './api.ts';
import { currentLang } from './i18n.tsx';

/**
 * Puts the server's per-field errors beside the form's fields. Returns true when at least one
 * field took an error; otherwise the caller shows the message as a whole.
 */
export function applyFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  // Every registered field, touched or not.
  const known = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  // A field inside a list ("terms.0.dueOn") takes its own error when the form has it; else the
  // error goes to the top-level field it belongs to.
  const fields = error
    .fieldErrors()
    .map((f) => ({ ...f, name: known.has(f.name) ? f.name : (f.name.split('.')[0] ?? f.name) }))
    .filter((f) => known.has(f.name));
  if (!fields.length) return false;
  form.setFields(
    fields.map((f) => ({
      name: f.name.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      errors: f.errors,
    })),
  );
  return true;
}

/** The part of a zod schema the console needs (zod itself is a dependency of @anju/contracts). */
interface SafeParser {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: { message: string }[] } };
}

/** An antd form rule from a shared zod schema, so the console checks what the server checks. */
export function zodRule(schema: SafeParser): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === '') return;
      const result = schema.safeParse(value);
      // Issue messages are catalogue keys (a schema's own or zod's rule): shown in the console's language.
      if (!result.success)
        throw new Error(renderKey(result.error.issues[0]?.message ?? 'validation.invalid', currentLang()));
    },
  };
}
