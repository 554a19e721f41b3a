import crypto from 'node:crypto';
import net from 'node:net';

/**
 * Just enough X.509 to run a local certificate authority for the compound LAN: a CA certificate
 * and server certificates with subjectAltNames, ECDSA P-256 / SHA-256, DER built by hand and
 * signed with node:crypto (Node has no certificate builder; this avoids a dependency). Node's own
 * X509Certificate parses and verifies the result, which the tests rely on.
 */
export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface CertificateIssuer {
  createCa(commonName: string, validDays: number): IssuedCertificate;
  issueServer(ca: IssuedCertificate, names: string[], validDays: number): IssuedCertificate;
}

// ---- DER encoding ----

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);

/** Unsigned big-endian integer (a leading 0 keeps it positive). */
function integer(value: Buffer | number): Buffer {
  let b = typeof value === 'number' ? Buffer.from([value]) : value;
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  if ((b[0]! & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** Named-bit BIT STRING (bit 0 = most significant bit of the first byte), trailing zeros dropped. */
function namedBits(bits: number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> (bit % 8);
  const unused = 7 - (highest % 8);
  return tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

const bitString = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}

const OID = {
  ecdsaSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

// i18n-data: the organisation name inside every certificate issued (the product's name in both scripts), not a sentence
const ORGANIZATION = 'Anju (安居) local CA';

/** Splits DER content into its top-level elements (whole TLVs). */
function elements(content: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < content.length) {
    let len = content[i + 1]!;
    let header = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + content[i + 2 + k]!;
      header += n;
    }
    out.push(content.subarray(i, i + header + len));
    i += header + len;
  }
  return out;
}

const inner = (element: Buffer): Buffer => {
  const len = element[1]!;
  return element.subarray(len & 0x80 ? 2 + (len & 0x7f) : 2);
};

/** The subject Name of a certificate, byte for byte (an issuer must match its CA's subject exactly). */
function subjectOf(certDer: Buffer): Buffer {
  const [tbs] = elements(inner(certDer));
  const fields = elements(inner(tbs!));
  // version [0], serial, signature algorithm, issuer, validity, subject
  return fields[5]!;
}

function name(commonName: string): Buffer {
  return seq(
    set(seq(oid(OID.organization), utf8(ORGANIZATION))),
    set(seq(oid(OID.commonName), utf8(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

function keyId(spki: Buffer): Buffer {
  return crypto.createHash('sha1').update(spki).digest();
}

/** A DNS name or IP literal as a GeneralName: dNSName [2] or iPAddress [7]. */
function generalName(value: string): Buffer {
  const kind = net.isIP(value);
  if (kind === 4) return tlv(0x87, Buffer.from(value.split('.').map(Number)));
  if (kind === 6) return tlv(0x87, ipv6Bytes(value));
  return tlv(0x82, Buffer.from(value.toLowerCase(), 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  let h = groups(head);
  let t = groups(tail);
  // Embedded IPv4 (::ffff:1.2.3.4) becomes two groups.
  const v4 = (list: string[]) => {
    const last = list.at(-1);
    if (last && net.isIPv4(last)) {
      const b = last.split('.').map(Number);
      list.splice(-1, 1, ((b[0]! << 8) | b[1]!).toString(16), ((b[2]! << 8) | b[3]!).toString(16));
    }
    return list;
  };
  h = v4(h);
  t = v4(t);
  const all = address.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  all.forEach((g, i) => {
    out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  });
  return out;
}

function serialNumber(): Buffer {
  const b = crypto.randomBytes(16);
  b[0]! &= 0x7f;
  b[0]! |= 0x01; // non-zero first byte keeps the DER length stable
  return b;
}

interface CertFields {
  subject: Buffer;
  issuer: Buffer;
  spki: Buffer;
  signingKey: crypto.KeyObject;
  validDays: number;
  extensions: Buffer[];
}

function buildCertificate(f: CertFields): string {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000); // tolerate a tablet clock an hour behind
  const notAfter = new Date(Date.now() + f.validDays * 24 * 60 * 60 * 1000);
  const algorithm = seq(oid(OID.ecdsaSha256));
  const tbs = seq(
    explicit(0, integer(2)), // v3
    integer(serialNumber()),
    algorithm,
    f.issuer,
    seq(time(notBefore), time(notAfter)),
    f.subject,
    f.spki,
    explicit(3, seq(...f.extensions)),
  );
  const signature = crypto.sign('sha256', tbs, f.signingKey); // DER ECDSA-Sig-Value
  const der = seq(tbs, algorithm, bitString(signature));
  const body = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

function newKey(): { privateKey: crypto.KeyObject; spki: Buffer; keyPem: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey,
    spki: publicKey.export({ type: 'spki', format: 'der' }),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export const nodeCertificateIssuer: CertificateIssuer = {
  createCa(commonName, validDays) {
    const key = newKey();
    const certPem = buildCertificate({
      subject: name(commonName),
      issuer: name(commonName),
      spki: key.spki,
      signingKey: key.privateKey,
      validDays,
      extensions: [
        extension(OID.basicConstraints, true, seq(bool(true), integer(0))),
        extension(OID.keyUsage, true, namedBits([0, 5, 6])), // digitalSignature, keyCertSign, cRLSign
        extension(OID.subjectKeyId, false, octets(keyId(key.spki))),
      ],
    });
    return { certPem, keyPem: key.keyPem };
  },

  issueServer(ca, names, validDays) {
    const caCert = new crypto.X509Certificate(ca.certPem);
    const caSpki = caCert.publicKey.export({ type: 'spki', format: 'der' });
    const key = newKey();
    const certPem = buildCertificate({
      subject: name(names[0] ?? 'localhost'),
      issuer: subjectOf(caCert.raw),
      spki: key.spki,
      signingKey: crypto.createPrivateKey(ca.keyPem),
      validDays,
      extensions: [
        extension(OID.basicConstraints, true, seq()),
        extension(OID.keyUsage, true, namedBits([0])), // digitalSignature (ECDHE key exchange)
        extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
        extension(OID.subjectAltName, false, seq(...names.map(generalName))),
        extension(OID.subjectKeyId, false, octets(keyId(key.spki))),
        extension(OID.authorityKeyId, false, seq(tlv(0x80, keyId(caSpki)))),
      ],
    });
    return { certPem, keyPem: key.keyPem };
  },
};
