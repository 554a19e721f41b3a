import {
  ACCESS_REASON_CODES,
  accessReasonText,
  type AccessDecision,
  type AccessMethod,
  type AccessReason,
  residencyTypeText,
  type ResidencyType,
} from '@anju/contracts';
import type { Lang } from '../../app/i18n.tsx';

export function reasonText(code: AccessReason, lang: Lang): string {
  return accessReasonText(code, lang);
}

export const REASON_CODES: readonly AccessReason[] = ACCESS_REASON_CODES;
export const GRANT_REASONS: readonly AccessReason[] = ['resident', 'visitor', 'manual', 'emergency_release'];

/** Refusals that are advice to the person at the door ("请正对摄像头"), not a verdict on them. */
export const HINT_REASONS: readonly AccessReason[] = [
  'no_face',
  'poor_quality',
  'face_too_small',
  'invalid_image',
  'bad_pose',
  'too_blurry',
  'too_dark',
  'too_bright',
  'multiple_faces',
];

export function residencyTypeLabel(type: ResidencyType, lang: Lang): string {
  return residencyTypeText(type, lang);
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
