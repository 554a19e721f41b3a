import type { AccessReason, GateSchedule } from '@anju/contracts';
import { shanghaiClock } from '../../platform/time.ts';

/**
 * The gate's rules, evaluated at the moment of passage. Pure: everything it needs is passed in,
 * so the same code decides for face, card, QR and PIN, and the tests can pin any date.
 */

export interface GateFacts {
  active: boolean;
  allowedResidencyTypes: string[] | null;
  allowVisitors: boolean;
  schedule: GateSchedule | null;
}

/**
 * A person's residency as the rules need it: its status on the day of passage, computed by the
 * registry (`residencyStatusOn`), so the gate and the registry lists read validity the same way.
 */
export interface ResidencyFacts {
  type: string;
  status: 'active' | 'pending' | 'expired' | 'ended';
  /** ended by a move-out (as opposed to a contract that ran out) */
  movedOut: boolean;
}

export interface CredentialWindow {
  validFrom: Date | null;
  validTo: Date | null;
}

export interface PersonSubject {
  kind: 'person';
  active: boolean;
  residencies: ResidencyFacts[];
  credential: CredentialWindow | null;
}

export interface VisitorSubject {
  kind: 'visitor';
  validFrom: Date;
  validTo: Date;
  maxUses: number;
  uses: number;
  revoked: boolean;
}

export interface Verdict {
  decision: 'grant' | 'deny';
  reason: AccessReason;
}

const deny = (reason: AccessReason): Verdict => ({ decision: 'deny', reason });

/** Which residency, if any, lets the person in; otherwise why not. */
export function residencyVerdict(residencies: ResidencyFacts[]): { type: string } | AccessReason {
  const valid = residencies.find((r) => r.status === 'active');
  if (valid) return { type: valid.type };
  // Prefer the most telling reason: a lapsed contract tells the tenant exactly what to do.
  if (residencies.some((r) => r.status === 'expired')) return 'tenancy_expired';
  if (residencies.some((r) => r.movedOut)) return 'moved_out';
  return 'no_residency';
}

export function withinSchedule(schedule: GateSchedule | null, at: Date): boolean {
  if (!schedule || schedule.length === 0) return true;
  const { weekday, hhmm } = shanghaiClock(at);
  return schedule.some((rule) => rule.days.includes(weekday) && rule.from <= hhmm && hhmm < rule.to);
}

export function decide(input: {
  at: Date;
  gate: GateFacts;
  emergencyOpen: boolean;
  subject: PersonSubject | VisitorSubject;
}): Verdict {
  const { at, gate, subject } = input;
  if (input.emergencyOpen) return { decision: 'grant', reason: 'emergency_release' };
  if (!gate.active) return deny('gate_inactive');

  if (subject.kind === 'visitor') {
    if (!gate.allowVisitors) return deny('visitors_not_allowed');
    if (subject.revoked) return deny('visitor_pass_revoked');
    if (at < subject.validFrom) return deny('visitor_pass_not_yet_valid');
    if (at > subject.validTo) return deny('visitor_pass_expired');
    if (subject.uses >= subject.maxUses) return deny('visitor_pass_used_up');
    if (!withinSchedule(gate.schedule, at)) return deny('outside_schedule');
    return { decision: 'grant', reason: 'visitor' };
  }

  if (!subject.active) return deny('person_inactive');
  const residency = residencyVerdict(subject.residencies);
  if (typeof residency === 'string') return deny(residency);
  if (subject.credential) {
    if (subject.credential.validFrom && at < subject.credential.validFrom)
      return deny('credential_not_yet_valid');
    if (subject.credential.validTo && at > subject.credential.validTo) return deny('credential_expired');
  }
  if (gate.allowedResidencyTypes && !gate.allowedResidencyTypes.includes(residency.type))
    return deny('gate_not_allowed');
  if (!withinSchedule(gate.schedule, at)) return deny('outside_schedule');
  return { decision: 'grant', reason: 'resident' };
}
