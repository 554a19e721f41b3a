/**
 * Errors on their way into the logs, without the personal data they can carry.
 *
 * A failed query reaches us as Drizzle's DrizzleQueryError, whose message and stack read
 * "Failed query: …\nparams: <every parameter>" and whose `params` property holds them again; the
 * database error under it (pg's DatabaseError, PGlite's error) carries `detail`
 * ("Key (id_number_hash)=(…) already exists."), `params`, and a message that quotes the offending
 * value ('value "110101199003071234" is out of range for type integer'). pino's error serializer
 * copies every enumerable property and every cause, so all of it would reach the log.
 *
 * `safeErrorForLog(err)` keeps what helps to find the fault — error type, SQLSTATE code,
 * constraint/table/column names, the SQL text with its $n placeholders, the stack frames — and drops
 * every value: parameters, `detail`, `where`, quoted values in database messages, and any property
 * it does not know (an allow-list, so a new library field stays out until listed).
 */

const MARK = Symbol.for('anju.safeErrorForLog');

/** Properties of a database error that name things, never values. */
const DB_NAME_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'];
/** Properties of other errors that are safe as they are (codes and numbers). */
const PLAIN_FIELDS = ['code', 'statusCode', 'errno', 'syscall'];
const MAX_DEPTH = 5;
const MAX_MESSAGE = 2000;

export interface SafeLoggedError {
  type: string;
  message: string;
  stack?: string;
  query?: string;
  cause?: SafeLoggedError;
  [field: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A PostgreSQL error (pg or PGlite): a five-character SQLSTATE and a severity. */
function isDatabaseError(e: Record<string, unknown>): boolean {
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

function typeOf(e: Record<string, unknown>): string {
  const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof ctor === 'string' && ctor !== 'Object' && ctor !== 'Error') return ctor;
  return typeof e.name === 'string' ? e.name : 'Error';
}

/** "Failed query: <sql>\nparams: <values>" → "Failed query: <sql>". */
function withoutParams(message: string): string {
  const at = message.indexOf('\nparams:');
  return at >= 0 ? message.slice(0, at) : message;
}

/**
 * PostgreSQL quotes both names and values in double quotes. A quoted word that is one of the
 * error's own name fields or appears in the SQL text (which holds placeholders, not values) is a
 * name and stays; anything else may be a value and is replaced.
 */
function redactQuoted(message: string, keep: Set<string>, sqlText: string): string {
  return message.replace(/"((?:[^"]|"")*)"/g, (whole, inner: string) =>
    keep.has(inner) || (inner.length > 0 && sqlText.includes(inner)) ? whole : '"[redacted]"',
  );
}

/** The stack's frames under a new first line: the original first lines repeat the raw message. */
function stackWith(header: string, stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [header, ...frames].join('\n');
}

function sanitize(err: unknown, depth: number, sqlText: string): SafeLoggedError {
  if (!isRecord(err)) {
    // A thrown string or number: its text is all there is, and it may be anything.
    return { type: typeof err, message: '[non-error value thrown]' };
  }
  if ((err as { [MARK]?: boolean })[MARK]) return err as unknown as SafeLoggedError;
  const type = typeOf(err);
  const rawMessage = typeof err.message === 'string' ? err.message : '';
  const query = typeof err.query === 'string' ? err.query : undefined;
  const allSql = [sqlText, query ?? ''].join('\n');
  const out: SafeLoggedError = { type, message: '' };

  if (isDatabaseError(err)) {
    const keep = new Set<string>();
    for (const field of DB_NAME_FIELDS) {
      const v = err[field];
      if (typeof v === 'string' && v) {
        out[field] = v;
        keep.add(v);
      }
    }
    out.message = redactQuoted(rawMessage, keep, allSql);
  } else {
    out.message = withoutParams(rawMessage);
    for (const field of PLAIN_FIELDS) {
      const v = err[field];
      if (typeof v === 'string' || typeof v === 'number') out[field] = v;
    }
  }
  out.message = out.message.slice(0, MAX_MESSAGE);
  if (query !== undefined) out.query = query.slice(0, MAX_MESSAGE);
  const stack = stackWith(`${type}: ${out.message}`, err.stack);
  if (stack) out.stack = stack;
  if (err.cause !== undefined && depth < MAX_DEPTH) out.cause = sanitize(err.cause, depth + 1, allSql);
  return out;
}

/**
 * An error as it may be logged: `log.error({ err: safeErrorForLog(error) }, '…')`. Safe to call
 * twice (also usable as pino's `err` serializer).
 */
export function safeErrorForLog(err: unknown): SafeLoggedError {
  const safe = sanitize(err, 0, '');
  // pino folds `cause` into message and stack only: the database's codes go on top as `db`.
  const db = firstDatabaseFields(safe);
  if (db && !safe.code) safe.db = db;
  // Null prototype: pino's serializer then reports `type` from the fields above, not "Object".
  const out = Object.assign(Object.create(null) as SafeLoggedError, safe);
  Object.defineProperty(out, MARK, { value: true, enumerable: false });
  return out;
}

function firstDatabaseFields(e: SafeLoggedError | undefined): Record<string, unknown> | null {
  for (let depth = 0; e && depth <= MAX_DEPTH; depth++, e = e.cause) {
    if (typeof e.severity === 'string') {
      return Object.fromEntries(DB_NAME_FIELDS.filter((f) => e![f] !== undefined).map((f) => [f, e![f]]));
    }
  }
  return null;
}

/** One line for a person to read (CLI output, a stored job message): the safe message and its causes. */
export function safeErrorMessage(err: unknown): string {
  const parts: string[] = [];
  let e: SafeLoggedError | undefined = safeErrorForLog(err);
  while (e && parts.length < MAX_DEPTH) {
    if (e.message) parts.push(e.message);
    e = e.cause;
  }
  return parts.join(': ') || 'unknown error';
}
