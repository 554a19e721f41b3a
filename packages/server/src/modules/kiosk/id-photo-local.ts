/**
 * STAND-IN for H5's modules/face/id-photo.ts (branch kiosk-face), same signature
 * (`checkIdPhoto(engine, bytes) → {ok, problems:[{code, message}]}`): the integrator points the
 * import in applications.ts at '../face/id-photo.ts' and deletes this file. Coarse rules only:
 * one face, centred, frontal, size, a light background.
 */
import sharp from 'sharp';
import type { Message } from '@anju/contracts';
import type { FaceEngine } from '../face/engine.ts';
import { kioskIdentityServerMessages as m } from './identity.messages.ts';

export interface IdPhotoResult {
  ok: boolean;
  problems: Array<{ code: string; message: Message }>;
}

export async function checkIdPhoto(
  engine: Pick<FaceEngine, 'analyze'>,
  bytes: Uint8Array,
): Promise<IdPhotoResult> {
  const analysis = await engine.analyze(bytes, { embed: 'none' });
  const [face, ...others] = analysis.faces;
  const problems: IdPhotoResult['problems'] = [];
  type Key =
    | 'photo.noFace'
    | 'photo.multipleFaces'
    | 'photo.notCentred'
    | 'photo.tooSmall'
    | 'photo.tooLarge'
    | 'photo.notFrontal'
    | 'photo.background';
  const add = (code: string, key: Key) => problems.push({ code, message: m.msg(key) });
  if (!face) {
    add('no_face', 'photo.noFace');
    return { ok: false, problems };
  }
  if (others.some((o) => o.quality.faceWidthPx >= face.quality.faceWidthPx * 0.6))
    add('multiple_faces', 'photo.multipleFaces');
  if (Math.abs(face.box.x + face.box.width / 2 - analysis.width / 2) > analysis.width * 0.1)
    add('face_not_centred', 'photo.notCentred');
  const ratio = face.box.width / analysis.width;
  if (ratio < 0.3) add('face_too_small', 'photo.tooSmall');
  if (ratio > 0.8) add('face_too_large', 'photo.tooLarge');
  if (Math.abs(face.quality.yaw) > 15 || Math.abs(face.quality.pitch) > 15)
    add('face_not_frontal', 'photo.notFrontal');
  // Background: the two top corners (a tenth of the width each) should be light.
  const { data, info } = await sharp(bytes)
    .rotate()
    .resize({ width: 100 })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const corner = Math.max(1, Math.round(info.width / 10));
  let sum = 0;
  let n = 0;
  for (let y = 0; y < corner; y++)
    for (const x0 of [0, info.width - corner])
      for (let x = x0; x < x0 + corner; x++) {
        sum += data[y * info.width + x]!;
        n++;
      }
  if (sum / n < 170) add('background_not_light', 'photo.background');
  return { ok: problems.length === 0, problems };
}
