import { z } from 'zod';
import { defineMessages } from './i18n.ts';

/**
 * zod's own rule messages (a field left out, too short, not a UUID…) as keys of one catalogue,
 * so a field without a message of its own still gets one in the reader's language. The server
 * puts the field's name in front (`body.name: …`); a schema's own message (`请填写姓名`) wins.
 */
export const validationMessages = defineMessages('validation', {
  required: { zh: '必填', en: 'Required' },
  invalid: { zh: '无效', en: 'Invalid' },
  invalidType: { zh: '应为{expected}', en: 'Must be {expected}' },
  'type.string': { zh: '文本', en: 'text' },
  'type.number': { zh: '数字', en: 'a number' },
  'type.int': { zh: '整数', en: 'a whole number' },
  'type.boolean': { zh: 'true 或 false', en: 'true or false' },
  'type.array': { zh: '列表', en: 'a list' },
  'type.object': { zh: '对象', en: 'an object' },
  'type.date': { zh: '日期', en: 'a date' },
  'type.other': { zh: '其他类型', en: 'another type' },
  tooShort: { zh: '至少 {minimum} 个字符', en: 'At least {minimum} characters' },
  tooLong: { zh: '最多 {maximum} 个字符', en: 'At most {maximum} characters' },
  tooSmall: { zh: '不能小于 {minimum}', en: 'Must be at least {minimum}' },
  tooSmallExclusive: { zh: '应大于 {minimum}', en: 'Must be greater than {minimum}' },
  tooBig: { zh: '不能大于 {maximum}', en: 'Must be at most {maximum}' },
  tooBigExclusive: { zh: '应小于 {maximum}', en: 'Must be less than {maximum}' },
  tooFew: { zh: '至少 {minimum} 项', en: 'At least {minimum} items' },
  tooMany: { zh: '最多 {maximum} 项', en: 'At most {maximum} items' },
  notMultipleOf: { zh: '应为 {divisor} 的整数倍', en: 'Must be a multiple of {divisor}' },
  'format.uuid': { zh: '必须是 UUID', en: 'Must be a UUID' },
  'format.email': { zh: '电子邮件地址格式不正确', en: 'Not a valid email address' },
  'format.url': { zh: '网址格式不正确', en: 'Not a valid URL' },
  'format.datetime': { zh: '应为 ISO 8601 日期时间', en: 'Must be an ISO 8601 date-time' },
  'format.date': { zh: '应为 YYYY-MM-DD 格式的日期', en: 'Must be a date in YYYY-MM-DD format' },
  'format.time': { zh: '应为 HH:mm 格式的时间', en: 'Must be a time in HH:mm format' },
  'format.pattern': { zh: '格式不正确', en: 'Not in a valid format' },
  'format.other': { zh: '格式不正确（{format}）', en: 'Not in a valid format ({format})' },
  invalidOption: { zh: '应为以下之一：{values}', en: 'Must be one of: {values}' },
  unknownKeys: { zh: '未知参数：{keys}', en: 'Unknown parameters: {keys}' },
});

const v = validationMessages;

const TYPE_KEYS = {
  string: v.key('type.string'),
  number: v.key('type.number'),
  int: v.key('type.int'),
  boolean: v.key('type.boolean'),
  array: v.key('type.array'),
  object: v.key('type.object'),
  date: v.key('type.date'),
} as const;

const FORMAT_KEYS: Record<string, string> = {
  uuid: v.key('format.uuid'),
  guid: v.key('format.uuid'),
  email: v.key('format.email'),
  url: v.key('format.url'),
  datetime: v.key('format.datetime'),
  date: v.key('format.date'),
  time: v.key('format.time'),
  regex: v.key('format.pattern'),
};

type Issue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

/** The catalogue message for one of zod's own rules. */
export function validationMessageOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || issue.input === null) return v.key('required');
      const expected = TYPE_KEYS[issue.expected as keyof typeof TYPE_KEYS] ?? v.key('type.other');
      return v.key('invalidType', { expected });
    }
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? v.key('required') : v.key('tooShort', { minimum });
      if (issue.origin === 'array' || issue.origin === 'set') return v.key('tooFew', { minimum });
      return issue.inclusive === false
        ? v.key('tooSmallExclusive', { minimum })
        : v.key('tooSmall', { minimum });
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return v.key('tooLong', { maximum });
      if (issue.origin === 'array' || issue.origin === 'set') return v.key('tooMany', { maximum });
      return issue.inclusive === false ? v.key('tooBigExclusive', { maximum }) : v.key('tooBig', { maximum });
    }
    case 'invalid_format':
      return FORMAT_KEYS[issue.format] ?? v.key('format.other', { format: issue.format });
    case 'invalid_value':
      return v.key('invalidOption', { values: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return v.key('unknownKeys', { keys: issue.keys.join(', ') });
    case 'not_multiple_of':
      return v.key('notMultipleOf', { divisor: Number(issue.divisor) });
    default:
      return v.key('invalid');
  }
}

// Every zod schema in the product (server and console) names its rule by key.
z.config({ customError: validationMessageOf });
