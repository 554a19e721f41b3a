import { describe, expect, it } from 'vitest';
import { decidePassage, frameVote, type PassageFrame, type PassageParams } from './passage.ts';

// Fixed parameters so the tests do not move when the tuned defaults change.
const P: PassageParams = { k: 2, n: 3, windowMs: 2000, minScore: 0.93, minMargin: 0.01, strangerFrames: 3 };

let clock = 0;
/** Frames 500 ms apart (2 frames/s). */
const tick = () => {
  clock += 500;
  return clock;
};
const face = (personId: string, score: number, secondScore = 0.5, trackId = 't1'): PassageFrame => ({
  kind: 'face',
  atMs: tick(),
  trackId,
  personId,
  score,
  secondScore,
});
const noFace = (): PassageFrame => ({ kind: 'no_face', atMs: tick() });
const refused = (trackId = 't1'): PassageFrame => ({ kind: 'refused', atMs: tick(), trackId });

describe('frameVote', () => {
  it('votes only above the threshold and outside the margin', () => {
    expect(frameVote(face('alice', 0.95), P)).toBe('alice');
    expect(frameVote(face('alice', 0.929), P)).toBeNull();
    expect(frameVote(face('alice', 0.95, 0.945), P)).toBeNull();
    expect(frameVote(face('alice', 0.95, 0.94), P)).toBe('alice');
    expect(frameVote(noFace(), P)).toBeNull();
  });
});

describe('decidePassage', () => {
  it('opens when k of the last n frames agree on one person', () => {
    const v = decidePassage([face('alice', 0.95), face('alice', 0.94)], P);
    expect(v).toMatchObject({ action: 'open', personId: 'alice', votes: 2, bestScore: 0.95 });
  });

  it('waits after a single agreeing frame (not enough frames yet)', () => {
    expect(decidePassage([face('alice', 0.99)], P)).toMatchObject({
      action: 'wait',
      reason: 'not_enough_frames',
    });
    expect(decidePassage([], P)).toMatchObject({ action: 'wait', reason: 'not_enough_frames' });
  });

  it('tolerates one bad frame among n, but not two', () => {
    expect(decidePassage([face('alice', 0.95), face('alice', 0.9), face('alice', 0.95)], P)).toMatchObject({
      action: 'open',
      personId: 'alice',
    });
    expect(decidePassage([face('alice', 0.95), face('alice', 0.9), noFace()], P)).toMatchObject({
      action: 'wait',
      reason: 'no_agreement',
    });
    // The agreeing frame slid out of the last n.
    expect(
      decidePassage([face('alice', 0.95), face('alice', 0.9), refused(), face('alice', 0.95)], P),
    ).toMatchObject({ action: 'wait' });
  });

  it('never opens when frames disagree on the person', () => {
    const v = decidePassage([face('alice', 0.95), face('bob', 0.95), face('alice', 0.95)], P);
    expect(v).toMatchObject({ action: 'wait', reason: 'conflict' });
  });

  it('does not open when a stranger’s face comes in between', () => {
    // alice, then a stranger's frames (below threshold): only one vote among the last 3.
    expect(decidePassage([face('alice', 0.95), face('bob', 0.7), face('bob', 0.72)], P)).toMatchObject({
      action: 'wait',
      reason: 'no_agreement',
    });
  });

  it('refuses a stranger only when n usable frames agree on no one', () => {
    expect(decidePassage([face('bob', 0.7), face('bob', 0.8)], P)).toMatchObject({ action: 'wait' });
    expect(decidePassage([face('bob', 0.7), face('bob', 0.8), face('carol', 0.6)], P)).toMatchObject({
      action: 'refuse_stranger',
      considered: 3,
    });
    // A no-face frame is not evidence of a stranger.
    expect(decidePassage([face('bob', 0.7), noFace(), face('bob', 0.8)], P)).toMatchObject({
      action: 'wait',
    });
    // One frame above threshold (but a lone vote) is not "agree on no one" either.
    expect(decidePassage([face('bob', 0.7), face('alice', 0.95), face('bob', 0.8)], P)).toMatchObject({
      action: 'wait',
      reason: 'no_agreement',
    });
    // Ambiguous frames (within the margin) are neither a vote nor a stranger.
    expect(decidePassage([face('bob', 0.7), face('alice', 0.95, 0.945), face('bob', 0.8)], P)).toMatchObject({
      action: 'wait',
    });
  });

  it('a second face entering (another track) does not open the door for the first person', () => {
    const alice1 = face('alice', 0.96, 0.5, 'a');
    const bob = face('bob', 0.7, 0.5, 'b');
    // Latest frame belongs to track b: alice's lone frame on track a does not count for it.
    expect(decidePassage([alice1, bob], P)).toMatchObject({ action: 'wait', considered: 1 });
    // Alice's track keeps voting while bob's face is the latest: still only bob's frames count.
    const alice2 = face('alice', 0.96, 0.5, 'a');
    const b2 = face('bob', 0.71, 0.5, 'b');
    expect(decidePassage([alice1, bob, alice2, b2], P)).toMatchObject({ action: 'wait' });
  });

  it('a frame matching someone else strongly on the same track blocks opening', () => {
    const frames = [face('alice', 0.95), face('alice', 0.95), face('bob', 0.97)];
    expect(decidePassage(frames, P)).toMatchObject({ action: 'wait', reason: 'conflict' });
    // Once bob's frames hold the last n, the window speaks for bob only.
    expect(decidePassage([...frames, face('bob', 0.96), face('bob', 0.95)], P)).toMatchObject({
      action: 'open',
      personId: 'bob',
    });
  });

  it('forgets frames older than the window', () => {
    const a = face('alice', 0.95);
    clock += 3000;
    const b = face('alice', 0.95);
    expect(decidePassage([a, b], P)).toMatchObject({ action: 'wait', reason: 'not_enough_frames' });
    // Both recent, but the decision is asked for long after: stale votes do not open.
    const c = face('alice', 0.95);
    expect(decidePassage([b, c], P)).toMatchObject({ action: 'open' });
    expect(decidePassage([b, c], P, c.atMs + 5000)).toMatchObject({ action: 'wait', considered: 0 });
  });

  it('does not depend on the order frames are passed in', () => {
    const frames = [face('alice', 0.95), face('bob', 0.7), face('alice', 0.95)];
    expect(decidePassage([...frames].reverse(), P)).toEqual(decidePassage(frames, P));
  });

  it('k = n = 1 is the per-frame decision', () => {
    const one = { ...P, k: 1, n: 1, strangerFrames: 1 };
    expect(decidePassage([face('alice', 0.95)], one)).toMatchObject({ action: 'open' });
    expect(decidePassage([face('alice', 0.9)], one)).toMatchObject({ action: 'refuse_stranger' });
  });

  it('rejects impossible parameters', () => {
    expect(() => decidePassage([], { ...P, k: 3, n: 2 })).toThrow();
    expect(() => decidePassage([], { ...P, strangerFrames: 4 })).toThrow();
    expect(() => decidePassage([], { ...P, k: 0 })).toThrow();
  });
});
