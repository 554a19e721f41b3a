import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { opsMessages as m } from './messages.ts';

/**
 * The encrypted backup archive: one file, readable as a stream, authenticated chunk by chunk.
 *
 *   "ANJUBAK1" | u32 header length | header JSON | chunk* (u32 length | ciphertext | 16-byte tag)
 *
 * The key comes from the passphrase through scrypt (salt and cost in the header). Chunks are
 * AES-256-GCM under nonce = 7-byte random prefix | u32 counter | final flag, with the header as
 * associated data (the "STREAM" construction): reordered, dropped or truncated chunks and an
 * edited header all fail authentication. A passphrase check value in the header tells a wrong
 * passphrase apart from a damaged file before anything is decrypted. Plaintext is a gzip of a
 * simple container of named entries (see ContainerWriter).
 */
const MAGIC = Buffer.from('ANJUBAK1', 'ascii');
const CONTAINER_MAGIC = Buffer.from('ANJUCNT1', 'ascii');
const CHUNK_SIZE = 1024 * 1024;
const TAG_BYTES = 16;
const MAX_HEADER = 64 * 1024;

export const ARCHIVE_EXTENSION = '.anjubak';

/**
 * In both languages: a restore runs from the command line or a script whose reader's language
 * nothing tells (and the message is logged as it is).
 */
export class WrongPassphraseError extends Error {
  constructor() {
    super(`${m.text('zh-CN', 'wrongPassphrase')} / ${m.text('en', 'wrongPassphrase')}`);
  }
}
export class DamagedArchiveError extends Error {}

interface Kdf {
  alg: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

interface Header {
  format: 'anju-backup';
  version: 1;
  kdf: Kdf;
  cipher: 'aes-256-gcm';
  chunkSize: number;
  noncePrefix: string;
  check: string;
  compression: 'gzip';
}

/** Work factor: ~0.3 s and 128 MiB on a small server; a stolen archive costs that per guess. */
const DEFAULT_KDF = { N: 2 ** 17, r: 8, p: 1 };

async function deriveKeys(passphrase: string, kdf: Kdf): Promise<{ enc: Buffer; check: Buffer }> {
  const material = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(
      Buffer.from(passphrase.normalize('NFC'), 'utf8'),
      Buffer.from(kdf.salt, 'base64'),
      64,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 16 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
  return { enc: material.subarray(0, 32), check: material.subarray(32) };
}

const checkValue = (key: Buffer) =>
  crypto.createHmac('sha256', key).update('anju-backup-passphrase').digest();

function nonce(prefix: Buffer, counter: number, final: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 7);
  n.writeUInt32BE(counter, 7);
  n[11] = final ? 1 : 0;
  return n;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** Encrypts a byte stream into authenticated chunks. */
class Seal extends Transform {
  private pending: Buffer[] = [];
  private size = 0;
  private counter = 0;
  constructor(
    private readonly key: Buffer,
    private readonly prefix: Buffer,
    private readonly aad: Buffer,
  ) {
    super();
  }
  private seal(plain: Buffer, final: boolean): Buffer {
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce(this.prefix, this.counter++, final));
    cipher.setAAD(this.aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([u32(body.length), body, cipher.getAuthTag()]);
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    // Strictly more than one chunk buffered: the last bytes always go out as the final chunk.
    while (this.size > CHUNK_SIZE) {
      const all = Buffer.concat(this.pending);
      this.push(this.seal(all.subarray(0, CHUNK_SIZE), false));
      const rest = all.subarray(CHUNK_SIZE);
      this.pending = [rest];
      this.size = rest.length;
    }
    done();
  }
  override _flush(done: TransformCallback): void {
    this.push(this.seal(Buffer.concat(this.pending), true));
    done();
  }
}

/** Decrypts and authenticates chunks; emits plaintext only after its chunk's tag has verified. */
class Open extends Transform {
  private buffered: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private partsSize = 0;
  /** Bytes still to arrive before the next frame can be parsed. */
  private needed = 4;
  private counter = 0;
  private finalSeen = false;
  constructor(
    private readonly key: Buffer,
    private readonly prefix: Buffer,
    private readonly aad: Buffer,
    private readonly chunkSize: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.parts.push(chunk);
    this.partsSize += chunk.length;
    // Join only once a whole chunk has arrived (joining on every read is quadratic).
    if (this.partsSize < this.needed) {
      done();
      return;
    }
    this.buffered = Buffer.concat([this.buffered, ...this.parts]);
    this.parts = [];
    this.partsSize = 0;
    try {
      for (;;) {
        this.needed = 4;
        if (this.buffered.length < 4) break;
        const len = this.buffered.readUInt32BE(0);
        if (len > this.chunkSize)
          throw new DamagedArchiveError('backup archive is damaged (bad chunk length)');
        this.needed = 4 + len + TAG_BYTES;
        if (this.buffered.length < 4 + len + TAG_BYTES) break;
        if (this.finalSeen) throw new DamagedArchiveError('backup archive has data after its end');
        const body = this.buffered.subarray(4, 4 + len);
        const tag = this.buffered.subarray(4 + len, 4 + len + TAG_BYTES);
        this.buffered = this.buffered.subarray(4 + len + TAG_BYTES);
        this.push(this.open(body, tag));
      }
      this.needed -= this.buffered.length;
      done();
    } catch (error) {
      done(error as Error);
    }
  }
  private open(body: Buffer, tag: Buffer): Buffer {
    // The final flag is not stored: try "not final" first, then "final".
    for (const final of [false, true]) {
      try {
        const d = crypto.createDecipheriv('aes-256-gcm', this.key, nonce(this.prefix, this.counter, final));
        d.setAAD(this.aad);
        d.setAuthTag(tag);
        const plain = Buffer.concat([d.update(body), d.final()]);
        this.counter++;
        this.finalSeen = final;
        return plain;
      } catch {
        // try the other flag
      }
    }
    throw new DamagedArchiveError(
      `backup archive is damaged or was altered (chunk ${this.counter} fails authentication)`,
    );
  }
  override _flush(done: TransformCallback): void {
    if (this.buffered.length > 0 || this.partsSize > 0 || !this.finalSeen) {
      done(new DamagedArchiveError('backup archive is truncated (its last part is missing)'));
      return;
    }
    done();
  }
}

export interface EntryMeta {
  /** Path inside the archive, '/'-separated, e.g. "data/keys/master.key". */
  path: string;
  /** File mode bits to restore (e.g. 0o600 for key files). */
  mode?: number;
}

export type EntrySource = Buffer | AsyncIterable<Buffer | Uint8Array>;
export type AddEntry = (meta: EntryMeta, source: EntrySource) => Promise<void>;

/**
 * Writes an archive to `file` atomically (a temporary name, renamed at the end; removed on error).
 * `produce` adds the entries in order.
 */
export async function writeArchive(
  file: string,
  passphrase: string,
  produce: (add: AddEntry) => Promise<void>,
  kdfCost: { N: number; r: number; p: number } = DEFAULT_KDF,
): Promise<{ bytes: number }> {
  const kdf: Kdf = { alg: 'scrypt', ...kdfCost, salt: crypto.randomBytes(16).toString('base64') };
  const keys = await deriveKeys(passphrase, kdf);
  const prefix = crypto.randomBytes(7);
  const header: Header = {
    format: 'anju-backup',
    version: 1,
    kdf,
    cipher: 'aes-256-gcm',
    chunkSize: CHUNK_SIZE,
    noncePrefix: prefix.toString('base64'),
    check: checkValue(keys.check).toString('base64'),
    compression: 'gzip',
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const tmp = `${file}.partial-${crypto.randomBytes(4).toString('hex')}`;
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  out.write(Buffer.concat([MAGIC, u32(headerBytes.length), headerBytes]));

  const gzip = zlib.createGzip({ level: 6 });
  const done = pipeline(gzip, new Seal(keys.enc, prefix, headerBytes), out);
  // Surface a pipeline failure while we are still writing, instead of waiting for drain forever.
  let failed: Error | null = null;
  done.catch((e: Error) => {
    failed = e;
  });
  const write = async (b: Buffer) => {
    if (failed) throw failed;
    if (!gzip.write(b)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          gzip.off('error', onError);
          resolve();
        };
        const onError = (e: Error) => {
          gzip.off('drain', onDrain);
          reject(e);
        };
        gzip.once('drain', onDrain);
        gzip.once('error', onError);
      });
    }
  };
  try {
    await write(CONTAINER_MAGIC);
    await produce(async (meta, source) => {
      const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
      await write(Buffer.concat([Buffer.from([1]), u32(metaBytes.length), metaBytes]));
      const chunks: Iterable<Buffer | Uint8Array> | AsyncIterable<Buffer | Uint8Array> = Buffer.isBuffer(
        source,
      )
        ? [source]
        : source;
      for await (const chunk of chunks) {
        for (let off = 0; off < chunk.length; off += CHUNK_SIZE) {
          const part = Buffer.from(
            chunk.buffer,
            chunk.byteOffset + off,
            Math.min(CHUNK_SIZE, chunk.length - off),
          );
          if (part.length > 0) await write(Buffer.concat([u32(part.length), part]));
        }
      }
      await write(u32(0));
    });
    await write(Buffer.from([0]));
    gzip.end();
    await done;
    const { size } = fs.statSync(tmp);
    fs.renameSync(tmp, file);
    return { bytes: size };
  } catch (error) {
    gzip.destroy();
    await done.catch(() => undefined);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

interface OpenedHeader {
  header: Header;
  headerBytes: Buffer;
  dataOffset: number;
  key: Buffer;
}

/** Reads the header and checks the passphrase; throws WrongPassphraseError before reading any data. */
export async function openArchive(file: string, passphrase: string): Promise<OpenedHeader> {
  const fd = fs.openSync(file, 'r');
  let headerBytes: Buffer;
  try {
    const start = Buffer.alloc(12);
    if (fs.readSync(fd, start, 0, 12, 0) < 12 || !start.subarray(0, 8).equals(MAGIC)) {
      throw new DamagedArchiveError(`${file} is not an Anju backup archive`);
    }
    const len = start.readUInt32BE(8);
    if (len > MAX_HEADER) throw new DamagedArchiveError(`${file}: backup header is damaged`);
    headerBytes = Buffer.alloc(len);
    if (fs.readSync(fd, headerBytes, 0, len, 12) < len) throw new DamagedArchiveError(`${file} is truncated`);
  } finally {
    fs.closeSync(fd);
  }
  let header: Header;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as Header;
  } catch {
    throw new DamagedArchiveError(`${file}: backup header is damaged`);
  }
  if (header.format !== 'anju-backup' || header.version !== 1 || header.kdf?.alg !== 'scrypt') {
    throw new DamagedArchiveError(`${file}: unsupported backup format (made by a newer Anju?)`);
  }
  const keys = await deriveKeys(passphrase, header.kdf);
  const expected = Buffer.from(header.check, 'base64');
  const actual = checkValue(keys.check);
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
    throw new WrongPassphraseError();
  }
  return { header, headerBytes, dataOffset: 12 + headerBytes.length, key: keys.enc };
}

/** Pulls exact byte counts out of an async stream of buffers (joining each result once). */
class ByteReader {
  private parts: Buffer[] = [];
  private size = 0;
  constructor(private readonly it: AsyncIterator<Buffer>) {}
  async exact(n: number): Promise<Buffer> {
    while (this.size < n) {
      const next = await this.it.next();
      if (next.done) throw new DamagedArchiveError('backup archive ends in the middle of an entry');
      this.parts.push(next.value);
      this.size += next.value.length;
    }
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.parts = rest.length ? [rest] : [];
    this.size = rest.length;
    return out;
  }
  async atEnd(): Promise<boolean> {
    while (this.size === 0) {
      const next = await this.it.next();
      if (next.done) return true;
      this.parts.push(next.value);
      this.size += next.value.length;
    }
    return false;
  }
}

/**
 * Reads every entry in order. `onEntry` receives the entry's data as an async iterable and should
 * consume it; whatever it leaves is skipped. Any authentication failure rejects.
 */
export async function readArchive(
  file: string,
  opened: OpenedHeader,
  onEntry: (meta: EntryMeta, data: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  const source = fs.createReadStream(file, { start: opened.dataOffset, highWaterMark: 256 * 1024 });
  const gunzip = zlib.createGunzip();
  const opener = new Open(
    opened.key,
    Buffer.from(opened.header.noncePrefix, 'base64'),
    opened.headerBytes,
    opened.header.chunkSize,
  );
  let pipelineError: Error | null = null;
  const piped = pipeline(source, opener, gunzip).catch((e: unknown) => {
    pipelineError = e as Error;
  });
  const reader = new ByteReader(gunzip[Symbol.asyncIterator]());
  try {
    if (!(await reader.exact(8)).equals(CONTAINER_MAGIC))
      throw new DamagedArchiveError('backup content is damaged');
    for (;;) {
      const type = (await reader.exact(1))[0];
      if (type === 0) break;
      if (type !== 1) throw new DamagedArchiveError('backup content is damaged');
      const metaLen = (await reader.exact(4)).readUInt32BE(0);
      const meta = JSON.parse((await reader.exact(metaLen)).toString('utf8')) as EntryMeta;
      let finished = false;
      const data = (async function* () {
        for (;;) {
          const len = (await reader.exact(4)).readUInt32BE(0);
          if (len === 0) {
            finished = true;
            return;
          }
          yield Buffer.from(await reader.exact(len));
        }
      })();
      await onEntry(meta, data);
      if (!finished) for await (const _ of data) void _;
    }
    if (!(await reader.atEnd())) throw new DamagedArchiveError('backup archive has data after its end');
  } catch (error) {
    gunzip.destroy();
    await piped;
    throw pipelineError ?? error;
  }
  await piped;
  if (pipelineError) throw pipelineError;
}
