import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../platform/crypto.ts';
import {
  decide,
  residencyVerdict,
  withinSchedule,
  type GateFacts,
  type PersonSubject,
  type ResidencyFacts,
} from './rules.ts';
import { issuePersonalQr, issueVisitorQr, readQr } from './qr.ts';

const gate: GateFacts = { active: true, allowedResidencyTypes: null, allowVisitors: true, schedule: null };
// 2026-11-28 14:28 in Shanghai (a Saturday)
const at = new Date('2026-11-28T14:28:00+08:00');
const person = (status: ResidencyFacts['status'], movedOut = false): PersonSubject => ({
  kind: 'person',
  active: true,
  residencies: [{ type: 'tenant', status, movedOut }],
  credential: null,
});

describe('gate rules', () => {
  it('lets an active resident in and refuses a lapsed tenancy with the contract reason', () => {
    expect(decide({ at, gate, emergencyOpen: false, subject: person('active') })).toEqual({
      decision: 'grant',
      reason: 'resident',
    });
    expect(decide({ at, gate, emergencyOpen: false, subject: person('expired') })).toEqual({
      decision: 'deny',
      reason: 'tenancy_expired',
    });
  });

  it('distinguishes moved out, not yet started, no residency and inactive people', () => {
    expect(residencyVerdict([{ type: 'owner', status: 'ended', movedOut: true }])).toBe('moved_out');
    expect(residencyVerdict([])).toBe('no_residency');
    expect(residencyVerdict([{ type: 'tenant', status: 'pending', movedOut: false }])).toBe('no_residency');
    expect(
      residencyVerdict([
        { type: 'owner', status: 'ended', movedOut: true },
        { type: 'tenant', status: 'active', movedOut: false },
      ]),
    ).toEqual({ type: 'tenant' });
    expect(
      decide({ at, gate, emergencyOpen: false, subject: { ...person('active'), active: false } }).reason,
    ).toBe('person_inactive');
  });

  it('checks the credential window, the gate permission and the schedule', () => {
    const ok = person('active');
    expect(
      decide({
        at,
        gate,
        emergencyOpen: false,
        subject: { ...ok, credential: { validFrom: null, validTo: new Date('2026-11-01') } },
      }).reason,
    ).toBe('credential_expired');
    expect(
      decide({
        at,
        gate: { ...gate, allowedResidencyTypes: ['owner', 'family'] },
        emergencyOpen: false,
        subject: ok,
      }).reason,
    ).toBe('gate_not_allowed');
    const weekdaysOnly = [{ days: [1, 2, 3, 4, 5], from: '06:00', to: '22:00' }];
    expect(
      decide({ at, gate: { ...gate, schedule: weekdaysOnly }, emergencyOpen: false, subject: ok }).reason,
    ).toBe('outside_schedule');
    expect(withinSchedule([{ days: [6], from: '14:00', to: '15:00' }], at)).toBe(true);
    expect(withinSchedule([{ days: [6], from: '14:29', to: '15:00' }], at)).toBe(false);
  });

  it('opens everything in emergency release and nothing at an inactive gate', () => {
    expect(
      decide({ at, gate: { ...gate, active: false }, emergencyOpen: true, subject: person('expired') }),
    ).toEqual({
      decision: 'grant',
      reason: 'emergency_release',
    });
    expect(
      decide({ at, gate: { ...gate, active: false }, emergencyOpen: false, subject: person('active') })
        .reason,
    ).toBe('gate_inactive');
  });

  it('accepts a visitor pass only inside its window, within its uses, at a gate that admits visitors', () => {
    const pass = {
      kind: 'visitor' as const,
      validFrom: new Date('2026-11-28T10:00:00+08:00'),
      validTo: new Date('2026-11-28T18:00:00+08:00'),
      maxUses: 2,
      uses: 0,
      revoked: false,
    };
    expect(decide({ at, gate, emergencyOpen: false, subject: pass }).reason).toBe('visitor');
    expect(
      decide({ at: new Date('2026-11-28T09:59:00+08:00'), gate, emergencyOpen: false, subject: pass }).reason,
    ).toBe('visitor_pass_not_yet_valid');
    expect(
      decide({ at: new Date('2026-11-28T18:01:00+08:00'), gate, emergencyOpen: false, subject: pass }).reason,
    ).toBe('visitor_pass_expired');
    expect(decide({ at, gate, emergencyOpen: false, subject: { ...pass, uses: 2 } }).reason).toBe(
      'visitor_pass_used_up',
    );
    expect(
      decide({ at, gate: { ...gate, allowVisitors: false }, emergencyOpen: false, subject: pass }).reason,
    ).toBe('visitors_not_allowed');
  });
});

describe('QR codes', () => {
  const keyring = createKeyring(crypto.randomBytes(32));
  const personId = crypto.randomUUID();
  const siteId = crypto.randomUUID();

  it('reads a personal code back until it expires', () => {
    const { code } = issuePersonalQr(keyring, personId, siteId, at);
    expect(readQr(keyring, code, new Date(at.getTime() + 30_000))).toMatchObject({
      kind: 'personal',
      personId,
      siteId,
    });
    expect(readQr(keyring, code, new Date(at.getTime() + 61_000))).toBe('qr_expired');
  });

  it('refuses a forged or altered code and a code signed with another key', () => {
    const { code } = issuePersonalQr(keyring, personId, siteId, at);
    const [kind, payload] = code.split('.');
    const altered = Buffer.from(payload!, 'base64url').toString().replace(personId, crypto.randomUUID());
    expect(
      readQr(keyring, `${kind}.${Buffer.from(altered).toString('base64url')}.${code.split('.')[2]}`, at),
    ).toBe('qr_invalid');
    const other = createKeyring(crypto.randomBytes(32));
    expect(readQr(other, code, at)).toBe('qr_invalid');
    expect(readQr(keyring, 'not a code', at)).toBe('qr_invalid');
    const visitor = issueVisitorQr(keyring, crypto.randomUUID());
    expect(readQr(keyring, visitor, at)).toMatchObject({ kind: 'visitor' });
    expect(readQr(other, visitor, at)).toBe('qr_invalid');
  });
});
