/**
 * The case's state machine (pure): which action is allowed in which status and where it leads.
 * Every service asks here before it writes; an action not allowed is a 409 `illegal_transition`
 * naming the status, the action and where it would have led.
 */
import { mediationContractMessages as c, type MediationStatus } from '@anju/contracts';
import { conflict, type HttpError } from '../../platform/errors.ts';
import { mediationMessages as m } from './messages.ts';

export type MediationAction =
  | 'contact'
  | 'settleOnSpot'
  | 'grade'
  | 'assignTeam'
  | 'recusal'
  | 'violation'
  | 'scheduleSession'
  | 'recordSession'
  | 'conclude'
  | 'saveAgreement'
  | 'judicial'
  | 'settleTerm'
  | 'followup'
  | 'extend'
  | 'attach'
  | 'boardDraft';

const OPEN: MediationStatus[] = ['intake', 'graded', 'team_ready', 'in_mediation', 'fulfilment'];

interface Rule {
  from: readonly MediationStatus[];
  /** where it leads: a status, several (the service picks), or 'stay' */
  to: readonly MediationStatus[] | 'stay';
}

export const RULES: Record<MediationAction, Rule> = {
  contact: { from: ['intake', 'graded', 'team_ready'], to: 'stay' },
  settleOnSpot: { from: ['intake'], to: ['closed'] },
  grade: { from: ['intake'], to: ['graded'] },
  // The team can be changed until the mediation ends (a lawyer joins for the second session).
  assignTeam: { from: ['graded', 'team_ready', 'in_mediation'], to: ['team_ready', 'in_mediation'] },
  recusal: { from: ['intake', 'graded', 'team_ready', 'in_mediation'], to: 'stay' },
  // Before the civil part: the service also refuses once a session is recorded.
  violation: { from: ['intake', 'graded', 'team_ready'], to: 'stay' },
  scheduleSession: { from: ['team_ready', 'in_mediation'], to: 'stay' },
  recordSession: { from: ['team_ready', 'in_mediation'], to: ['in_mediation'] },
  conclude: { from: ['in_mediation'], to: ['fulfilment', 'closed'] },
  saveAgreement: { from: ['in_mediation'], to: 'stay' },
  judicial: { from: ['fulfilment', 'closed'], to: 'stay' },
  settleTerm: { from: ['fulfilment'], to: ['fulfilment', 'closed'] },
  followup: { from: ['fulfilment', 'closed'], to: 'stay' },
  extend: { from: OPEN, to: 'stay' },
  attach: { from: ['intake', 'graded', 'team_ready', 'in_mediation', 'fulfilment', 'closed'], to: 'stay' },
  boardDraft: { from: ['closed'], to: 'stay' },
};

export const MEDIATION_ACTIONS = Object.keys(RULES) as MediationAction[];

/** Whether `action` may be taken in `from` (and, for actions with several ends, reach `to`). */
export function canTransition(from: MediationStatus, action: MediationAction, to?: MediationStatus): boolean {
  const rule = RULES[action];
  if (!rule.from.includes(from)) return false;
  if (to === undefined) return true;
  return rule.to === 'stay' ? to === from : rule.to.includes(to);
}

/** Where an allowed action leads when it has one end (else the service's choice `to`). */
export function targetOf(
  from: MediationStatus,
  action: MediationAction,
  to?: MediationStatus,
): MediationStatus {
  const rule = RULES[action];
  if (rule.to === 'stay') return from;
  return to ?? rule.to[0]!;
}

export function illegalTransition(
  from: MediationStatus,
  action: MediationAction,
  to?: MediationStatus,
): HttpError {
  const target = to ?? (RULES[action].to === 'stay' ? from : RULES[action].to[0]!);
  const message = m.msg('error.illegalTransition', {
    // message keys: rendered in the reader's language
    from: c.key(`status.${from}`),
    to: c.key(`status.${target}`),
    action: m.key(`action.${action}`),
  });
  return conflict('illegal_transition', message, [{ field: 'status', message, from, to: target, action }]);
}

/** Throws 409 `illegal_transition` unless allowed; returns the status the case moves to. */
export function assertTransition(
  from: MediationStatus,
  action: MediationAction,
  to?: MediationStatus,
): MediationStatus {
  if (!canTransition(from, action, to)) throw illegalTransition(from, action, to);
  return targetOf(from, action, to);
}

/** The actions a case's status allows now (the console shows only these). */
export function allowedActions(status: MediationStatus): MediationAction[] {
  return MEDIATION_ACTIONS.filter((a) => RULES[a].from.includes(status));
}
