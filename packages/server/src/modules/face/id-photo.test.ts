/**
 * ID-photo rules on real photos from ../shared/faces/dev (read at test time): ID-standard portraits
 * made from dev photos pass; the same portraits crafted to fail (off-centre, dark, tiny face, busy
 * background, tilted) fail with the right code; a dev photo with an open mouth is not neutral.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  busyBackground,
  DEV_FACES,
  darkened,
  devPhoto,
  haveDevFaces,
  idPortrait,
  offCentre,
  tinyFace,
} from '../../../test/face-photos.ts';
import { checkIdPhoto, ID_PHOTO_PROBLEMS } from './id-photo.ts';
import { faceMessages } from './messages.ts';
import { FaceEnginePool } from './pool.ts';

describe('ID-photo problem catalogue', () => {
  it('has a zh-CN and an English message for every problem code', () => {
    for (const code of ID_PHOTO_PROBLEMS) {
      const msg = faceMessages.msg(`idPhoto.${code}`);
      expect(msg.key).toBe(`face.idPhoto.${code}`);
      expect(msg.texts.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(msg.texts.en).toMatch(/[a-z]/);
    }
  });
});

describe.skipIf(!haveDevFaces)(
  `ID-photo rules on real photos (${haveDevFaces ? DEV_FACES : 'skipped: dev faces absent'})`,
  () => {
    let pool: FaceEnginePool;
    const portraits: Record<string, Buffer> = {};
    const codes = async (bytes: Uint8Array) => (await checkIdPhoto(pool, bytes)).problems.map((p) => p.code);

    beforeAll(async () => {
      pool = await FaceEnginePool.start({ size: 2, maxQueue: 8, jobTimeoutMs: 30_000 });
      for (const id of ['Kurt_Warner', 'Susan_Sarandon', 'Tariq_Aziz', 'Larry_Brown']) {
        const bytes = devPhoto(`${id}/1.jpg`);
        const a = await pool.analyze(bytes, { embed: 'none' });
        portraits[id] = await idPortrait(bytes, a.faces[0]!.box);
      }
    });
    afterAll(async () => {
      await pool?.close();
    });

    it('passes ID-standard portraits of real faces', async () => {
      for (const id of ['Kurt_Warner', 'Susan_Sarandon', 'Tariq_Aziz']) {
        const r = await checkIdPhoto(pool, portraits[id]!);
        expect({ id, problems: r.problems.map((p) => p.code) }).toEqual({ id, problems: [] });
        expect(r.ok).toBe(true);
        expect(r.measures?.faceRatio).toBeGreaterThan(0.45);
      }
    });

    it('refuses a face off to one side', async () => {
      const r = await checkIdPhoto(pool, await offCentre(portraits.Kurt_Warner!));
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => p.code)).toContain('face_not_centred');
      const p = r.problems.find((x) => x.code === 'face_not_centred')!;
      expect(p.message.texts.zh).toContain('居中');
      expect(p.message.texts.en).toMatch(/not centred/);
    });

    it('refuses a dark photo', async () => {
      expect(await codes(await darkened(portraits.Susan_Sarandon!))).toContain('too_dark');
    });

    it('refuses a face too small in the picture', async () => {
      expect(await codes(await tinyFace(portraits.Tariq_Aziz!))).toContain('face_too_small');
    });

    it('refuses a busy background, and a news photo as taken', async () => {
      expect(await codes(await busyBackground(portraits.Kurt_Warner!))).toContain('background_not_plain');
      // The LFW photo itself: a press scene behind the person.
      expect(await codes(devPhoto('Abdullah_Gul/1.jpg'))).toContain('background_not_plain');
    });

    it('refuses a tilted head and an open mouth', async () => {
      const tilted = await sharp(portraits.Susan_Sarandon!)
        .rotate(15, { background: '#f4f4f4' })
        .resize(358, 441, { fit: 'cover' })
        .jpeg()
        .toBuffer();
      expect(await codes(tilted)).toContain('head_tilted');
      // Larry_Brown's photo shows him talking (mouth openness 0.42; closed mouths measure <= 0.1).
      expect(await codes(portraits.Larry_Brown!)).toContain('not_neutral');
    });

    it('says no_face when there is no face, and only that', async () => {
      const blank = await sharp({ create: { width: 358, height: 441, channels: 3, background: '#f4f4f4' } })
        .jpeg()
        .toBuffer();
      const r = await checkIdPhoto(pool, blank);
      expect(r).toMatchObject({ ok: false, problems: [{ code: 'no_face' }] });
      expect(r.problems).toHaveLength(1);
    });
  },
);
