/**
 * Messages by key. Every word a user reads is defined once, in the module that says it, with its
 * Simplified Chinese and English side by side:
 *
 *   export const m = defineMessages('registry', {
 *     'person.duplicateId': { zh: '该身份证号已登记（{existingName}）', en: 'This ID number is already registered ({existingName})' },
 *   });
 *   throw conflict('duplicate_person', m.msg('person.duplicateId', { existingName }));
 *
 * An entry without one of the two languages, or a `msg()` call without the placeholders its
 * text names, fails `tsc`. A message travels as a key with parameters (`Message`) and becomes
 * text only where it is shown, in the reader's language: the server's error handler renders it
 * for the caller's Accept-Language, the console for its language switch. Nothing is translated
 * after the fact.
 */

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const DEFAULT_LANG: Lang = 'zh-CN';

/** One message in both languages. */
export interface Texts {
  zh: string;
  en: string;
}

export type MessageParams = Record<string, string | number>;

/** A message to be shown: its key, its parameters, and its texts (so no registry is needed to render it). */
export interface Message {
  key: string;
  params?: MessageParams;
  texts: Texts;
}

/** The `{name}` placeholders of a text, as a union of names. */
export type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** The parameters a message needs: none, or one value per placeholder of its Chinese text. */
export type ParamsOf<T extends Texts> = [Placeholders<T['zh']>] extends [never]
  ? [params?: MessageParams]
  : [params: Record<Placeholders<T['zh']>, string | number> & MessageParams];

export interface Catalogue<E extends Record<string, Texts>> {
  /** The module prefix of every key (`registry`). */
  readonly prefix: string;
  readonly entries: E;
  /** A message to raise or show. */
  msg<K extends keyof E & string>(key: K, ...params: ParamsOf<E[K]>): Message;
  /**
   * The message as one string (`registry.person.duplicateId`, with parameters appended as JSON),
   * for places that carry only text — a zod issue's message. `renderKey` turns it back into text.
   */
  key<K extends keyof E & string>(key: K, ...params: ParamsOf<E[K]>): string;
  /** The text in one language, filled in. */
  text<K extends keyof E & string>(lang: Lang, key: K, ...params: ParamsOf<E[K]>): string;
}

/** Every message defined anywhere, by full key: how a key that arrives as plain text (a zod issue) is rendered. */
const REGISTRY = new Map<string, Texts>();

export function defineMessages<const E extends Record<string, Texts>>(
  prefix: string,
  entries: E,
): Catalogue<E> {
  for (const [key, texts] of Object.entries(entries)) {
    const full = `${prefix}.${key}`;
    const known = REGISTRY.get(full);
    if (known && (known.zh !== texts.zh || known.en !== texts.en)) {
      throw new Error(`message key defined twice with different texts: ${full}`);
    }
    REGISTRY.set(full, texts);
  }
  return {
    prefix,
    entries,
    msg: (key, ...[params]) => ({ key: `${prefix}.${key}`, params, texts: entries[key]! }),
    key: (key, ...[params]) => messageRef(`${prefix}.${key}`, params),
    text: (lang, key, ...[params]) => fill(textIn(entries[key]!, lang), params),
  };
}

/** The texts of a full key, when some catalogue defines it. */
export function lookupMessage(key: string): Texts | undefined {
  return REGISTRY.get(key);
}

/** Every key defined so far (for the tests that check catalogues). */
export function definedMessageKeys(): string[] {
  return [...REGISTRY.keys()];
}

export function textIn(texts: Texts, lang: Lang): string {
  return lang === 'en' ? texts.en : texts.zh;
}

/** Fills `{name}` placeholders; a placeholder without a value stays visible rather than vanishing. */
export function fill(text: string, params?: MessageParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function renderMessage(message: Message, lang: Lang): string {
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    params[name] = typeof value === 'string' && parseMessageRef(value) ? renderKey(value, lang) : value;
  }
  return fill(textIn(message.texts, lang), params);
}

const REF_SEPARATOR = '|';

/** A message as one string: its full key, then `|` and its parameters as JSON when it has any. */
export function messageRef(fullKey: string, params?: MessageParams): string {
  return params && Object.keys(params).length
    ? `${fullKey}${REF_SEPARATOR}${JSON.stringify(params)}`
    : fullKey;
}

/** The key and parameters of a message string, when it is one (a known key). */
export function parseMessageRef(text: string): { texts: Texts; params?: MessageParams } | null {
  const cut = text.indexOf(REF_SEPARATOR);
  const texts = REGISTRY.get(cut < 0 ? text : text.slice(0, cut));
  if (!texts) return null;
  if (cut < 0) return { texts };
  try {
    const params = JSON.parse(text.slice(cut + 1)) as unknown;
    return params && typeof params === 'object' ? { texts, params: params as MessageParams } : { texts };
  } catch {
    return { texts };
  }
}

/**
 * A message string (a zod issue's message) as a Message to raise: a known key with its
 * parameters; any other text is shown as it is, in either language.
 */
export function messageFromRef(text: string): Message {
  const ref = parseMessageRef(text);
  if (!ref) return { key: 'text', texts: { zh: text, en: text } };
  const cut = text.indexOf(REF_SEPARATOR);
  return {
    key: cut < 0 ? text : text.slice(0, cut),
    texts: ref.texts,
    ...(ref.params ? { params: ref.params } : {}),
  };
}

/**
 * A message string (zod issue messages are plain strings) rendered in a language. A parameter
 * that is itself a message string (a field's label) is rendered too. Anything that is not a known
 * key comes back unchanged.
 */
export function renderKey(text: string, lang: Lang): string {
  const ref = parseMessageRef(text);
  if (!ref) return text;
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(ref.params ?? {})) {
    params[name] = typeof value === 'string' && parseMessageRef(value) ? renderKey(value, lang) : value;
  }
  return fill(textIn(ref.texts, lang), params);
}

/**
 * A text the server stored as a message string (a system note, a recorded error) in one language;
 * plain text stored before it was a key comes back as it is.
 */
export function renderStored(text: string | null, lang: Lang): string | null {
  return text === null ? null : renderKey(text, lang);
}

/**
 * The reader's language from an Accept-Language header: English when the most preferred
 * language (highest q, then first) is English, Simplified Chinese otherwise.
 */
export function langFromAcceptLanguage(header: string | string[] | undefined): Lang {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return DEFAULT_LANG;
  let best: { tag: string; q: number } | null = null;
  for (const part of value.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    if (!tag) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag: tag.trim().toLowerCase(), q };
  }
  return best && (best.tag === 'en' || best.tag.startsWith('en-')) ? 'en' : DEFAULT_LANG;
}
