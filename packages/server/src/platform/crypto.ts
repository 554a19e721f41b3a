import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Field encryption for personal data at rest. One master key (config or a 0600 key file in the
 * data folder) is split by HKDF into purpose keys, so an HMAC lookup key never doubles as an
 * encryption key.
 */
export interface Keyring {
  encrypt(purpose: KeyPurpose, plaintext: Buffer | string): string;
  decrypt(purpose: KeyPurpose, sealed: string): Buffer;
  /** Keyed hash for exact lookup of encrypted values (e.g. ID numbers). */
  lookupHash(purpose: KeyPurpose, value: string): string;
  sign(purpose: KeyPurpose, data: string): string;
}

export type KeyPurpose =
  | 'id-number'
  | 'face-template'
  | 'qr-pass'
  | 'phone'
  | 'file'
  | 'credential'
  | 'snapshot'
  /** links of the audit hash chain (keyed, so only a holder of the master key can forge one) */
  | 'audit-chain'
  /** seals of the audit head checkpoints written outside the database */
  | 'audit-anchor'
  /** a resident's correction request: the proposed value and note (may be an ID number or phone) */
  | 'correction'
  /** an office's certificate signing key (Ed25519, PKCS#8) */
  | 'signing-key';

const VERSION = 'v1';

export function createKeyring(masterKey: Buffer): Keyring {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const cache = new Map<string, Buffer>();
  const derive = (purpose: string, use: 'enc' | 'mac'): Buffer => {
    const name = `${purpose}:${use}`;
    let key = cache.get(name);
    if (!key) {
      key = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), `anju:${name}`, 32));
      cache.set(name, key);
    }
    return key;
  };
  return {
    encrypt(purpose, plaintext) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', derive(purpose, 'enc'), iv);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(purpose, sealed) {
      const [version, payload] = sealed.split(':');
      if (version !== VERSION || !payload) throw new Error('unknown ciphertext format');
      const raw = Buffer.from(payload, 'base64');
      const decipher = crypto.createDecipheriv('aes-256-gcm', derive(purpose, 'enc'), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    },
    lookupHash(purpose, value) {
      return crypto.createHmac('sha256', derive(purpose, 'mac')).update(value).digest('hex');
    },
    sign(purpose, data) {
      return crypto.createHmac('sha256', derive(purpose, 'mac')).update(data).digest('base64url');
    },
  };
}

/** Reads the master key from config, or from `<dataDir>/keys/master.key`, creating it (0600). */
export function loadMasterKey(dataDir: string, configured: string | undefined): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = path.join(dataDir, 'keys', 'master.key');
  if (fs.existsSync(file)) return readKeyFile(file);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  // Written whole to a temporary file, then linked into place: link fails if another process
  // started on the same folder won the race, and then its key is the one everybody uses.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${key.toString('base64')}\n`, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyFile(file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readKeyFile(file: string): Buffer {
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

export const sha256Hex = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
