import { ACCESS_REASONS, type AccessReason, type AlertKind } from '@anju/contracts';
import { shanghaiClock } from '../../platform/time.ts';

/** What the one-line title of an alert is made from (names already masked for the viewer). */
export interface TitleFacts {
  kind: AlertKind;
  count: number;
  gateName: string | null;
  personName: string | null;
  roomLabel: string | null;
  firstAt: Date;
  data: Record<string, unknown>;
  /** police side: the wording may say "关注人员"; the property desk gets a neutral wording */
  policeSide: boolean;
}

const METHOD_LABELS: Record<string, string> = {
  face: '人脸',
  card: '门禁卡',
  qr: '二维码',
  pin: '密码',
  visitor: '访客码',
  manual: '人工开门',
  emergency: '紧急放行',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function who(f: TitleFacts): string {
  const name = f.personName ?? '未知人员';
  return f.roomLabel ? `${name}（${f.roomLabel}）` : name;
}

function verb(direction: unknown): string {
  return direction === 'in' ? '进入' : direction === 'out' ? '离开' : '通过';
}

/** The alert's title in Chinese (the console's first language); built at read time for each viewer. */
export function alertTitle(f: TitleFacts): string {
  const gate = f.gateName ?? '门禁';
  const hhmm = shanghaiClock(f.firstAt).hhmm;
  switch (f.kind) {
    case 'watch_match':
      return f.policeSide
        ? `关注人员 ${who(f)} ${hhmm} ${verb(f.data.direction)}${gate}`
        : `人员核查：${who(f)} ${hhmm} ${verb(f.data.direction)}${gate}`;
    case 'stranger':
      return f.count > 1
        ? `陌生人员：${gate} ${num(f.data.windowMinutes) ?? 10} 分钟内 ${f.count} 次出现未登记人脸`
        : `陌生人员：${gate} 出现未登记人脸`;
    case 'repeated_denial': {
      const reason = ACCESS_REASONS[str(f.data.reason) as AccessReason] ?? str(f.data.reason) ?? '被拒';
      const method = METHOD_LABELS[str(f.data.method) ?? ''] ?? '凭证';
      const subject = f.personName ? `${who(f)}的${method}` : `未登记${method}`;
      return `多次被拒：${gate} ${subject} ${num(f.data.windowMinutes) ?? 10} 分钟内 ${f.count} 次（${reason}）`;
    }
    case 'expired_tenant':
      return `合同已到期：${who(f)} 在${gate}尝试通行${f.count > 1 ? `（${f.count} 次）` : ''}，请通知其到警务室重新登记`;
    case 'tenancy_expiring':
      return `${num(f.data.total) ?? f.count} 份租赁合同将在 ${num(f.data.withinDays) ?? 7} 天内到期`;
    case 'elderly_not_seen':
      return `独居老人 ${who(f)} 已超过 ${num(f.data.hours) ?? 48} 小时未经过门禁，请上门关怀`;
    case 'gate_offline':
      return `门禁离线：${gate} 超过 ${num(f.data.minutes) ?? 10} 分钟无心跳`;
    case 'emergency_release':
      return f.data.open === false
        ? `已解除紧急放行${str(f.data.reason) ? `：${str(f.data.reason)}` : ''}`
        : `已开启紧急放行（所有门常开）${str(f.data.reason) ? `：${str(f.data.reason)}` : ''}`;
    case 'manual_open':
      return `人工开门：${gate}${str(f.data.operatorName) ? `（${str(f.data.operatorName)}` : '（'}${str(f.data.reason) ? `：${str(f.data.reason)}` : ''}）`;
    default:
      return String(f.kind);
  }
}
