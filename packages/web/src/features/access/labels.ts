import {
  ACCESS_REASONS,
  type AccessDecision,
  type AccessMethod,
  type AccessReason,
  RESIDENCY_TYPE_LABELS,
  type ResidencyType,
} from '@anju/contracts';
import type { Lang } from '../../app/i18n.tsx';

/**
 * Reason codes of the access trail. The Chinese text is the contract's (the gate terminal shows
 * the same words); English is kept here, typed so a new code cannot be forgotten.
 */
const EN_REASONS: Record<AccessReason, string> = {
  resident: 'Welcome home',
  visitor: 'Visitor',
  manual: 'Opened by staff',
  emergency_release: 'Emergency release',
  unknown_face: 'Not registered; please register at the property desk or police office',
  no_face: 'Please face the camera',
  poor_quality: 'Please face the camera',
  face_too_small: 'Please come closer to the camera',
  liveness_failed: 'Liveness check failed; please face the camera',
  ambiguous_match: 'Not certain; please try again or use your card',
  invalid_image: 'Invalid image; please try again',
  engine_error: 'Recognition unavailable; use your card or call the duty desk',
  unknown_card: 'Card not registered',
  card_revoked: 'Card cancelled',
  invalid_pin: 'Wrong PIN',
  qr_invalid: 'Invalid QR code',
  qr_expired: 'QR code expired; please refresh',
  qr_replayed: 'QR code already used; please refresh',
  person_inactive: 'Person record inactive; please see the police office',
  no_residency: 'No residence on file; please register at the police office',
  moved_out: 'Moved out; please register at the property desk or police office',
  tenancy_expired: 'Tenancy expired; please register at the police office',
  credential_expired: 'Credential expired',
  credential_not_yet_valid: 'Credential not yet valid',
  gate_not_allowed: 'Not allowed through this gate',
  outside_schedule: 'Closed at this time',
  gate_inactive: 'Gate out of service',
  visitor_pass_expired: 'Visitor pass expired',
  visitor_pass_not_yet_valid: 'Visitor pass not yet valid',
  visitor_pass_used_up: 'Visitor pass used up',
  visitor_pass_revoked: 'Visitor pass cancelled',
  visitors_not_allowed: 'No visitors through this gate',
};

export function reasonText(code: AccessReason, lang: Lang): string {
  return lang === 'en' ? EN_REASONS[code] : ACCESS_REASONS[code];
}

export const REASON_CODES = Object.keys(ACCESS_REASONS) as AccessReason[];
export const GRANT_REASONS: readonly AccessReason[] = ['resident', 'visitor', 'manual', 'emergency_release'];

/** Refusals that are advice to the person at the door ("请正对摄像头"), not a verdict on them. */
export const HINT_REASONS: readonly AccessReason[] = [
  'no_face',
  'poor_quality',
  'face_too_small',
  'invalid_image',
];

const EN_RESIDENCY: Record<ResidencyType, string> = {
  owner: 'Owner',
  family: 'Family member',
  tenant: 'Tenant',
  shop_operator: 'Shop operator',
  employee: 'Employee',
};

export function residencyTypeLabel(type: ResidencyType, lang: Lang): string {
  return lang === 'en' ? EN_RESIDENCY[type] : RESIDENCY_TYPE_LABELS[type];
}

export const METHOD_COLORS: Record<AccessMethod, string> = {
  face: 'geekblue',
  card: 'cyan',
  qr: 'purple',
  pin: 'gold',
  visitor: 'magenta',
  manual: 'orange',
  emergency: 'red',
};

export const DECISION_COLORS: Record<AccessDecision, string> = { grant: 'success', deny: 'error' };
