import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { type CertificateIssuer, nodeCertificateIssuer } from './x509.ts';

/**
 * HTTPS for the compound LAN. Browsers only give a page the camera over a secure origin, so a
 * gate tablet at https://<server address> needs a certificate it trusts. Either the operator
 * supplies one (ANJU_TLS_CERT/ANJU_TLS_KEY), or ANJU_TLS=auto makes a local CA in <dataDir>/tls
 * once and a server certificate for localhost, 127.0.0.1 and the machine's LAN addresses; tablets
 * trust the CA once through /ca.crt and /tls-help.
 */
export interface TlsMaterial {
  mode: 'files' | 'auto';
  key: string;
  cert: string;
  /** The local CA certificate (auto mode only): what tablets download and trust. */
  caPem: string | null;
  /** SHA-256 fingerprint of the CA (auto) or of the server certificate (files), AA:BB:… */
  fingerprint: string;
  /** Names and addresses the server certificate covers. */
  names: string[];
  notAfter: Date;
}

export class TlsSetupError extends Error {}

/**
 * The local CA's name, the same in every language: written into the certificate once, it is what
 * a device lists in its trust store and what the help page tells the reader to look for.
 */
// i18n-data: a certificate's subject name (fixed at issue, shown by devices as it is), not a sentence
export const LOCAL_CA_NAME = 'Anju 安居 本地证书颁发机构';

const CA_DAYS = 3650;
// Apple refuses private-CA server certificates valid for more than 825 days; renew well before.
const SERVER_DAYS = 397;
const RENEW_BEFORE_DAYS = 30;

export function tlsDir(dataDir: string): string {
  return path.join(dataDir, 'tls');
}

/** Reads or creates the TLS material the config asks for; null when TLS is off. */
export function prepareTls(
  config: Pick<Config, 'tls' | 'dataDir'>,
  issuer: CertificateIssuer = nodeCertificateIssuer,
): TlsMaterial | null {
  const { tls } = config;
  if (tls.mode === 'off') return null;
  if (tls.mode === 'files') return loadTlsFiles(tls.certFile!, tls.keyFile!);
  return ensureAutoTls(config.dataDir, tls.extraNames, issuer);
}

function loadTlsFiles(certFile: string, keyFile: string): TlsMaterial {
  const cert = fs.readFileSync(certFile, 'utf8');
  const key = fs.readFileSync(keyFile, 'utf8');
  let leaf: crypto.X509Certificate;
  try {
    leaf = new crypto.X509Certificate(cert);
  } catch (error) {
    throw new TlsSetupError(
      `ANJU_TLS_CERT: ${certFile} is not a PEM certificate (${(error as Error).message})`,
    );
  }
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey(key);
  } catch (error) {
    throw new TlsSetupError(
      `ANJU_TLS_KEY: ${keyFile} is not a PEM private key (${(error as Error).message})`,
    );
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new TlsSetupError(`ANJU_TLS_KEY: ${keyFile} does not belong to the certificate in ${certFile}`);
  }
  return {
    mode: 'files',
    key,
    cert,
    caPem: null,
    fingerprint: leaf.fingerprint256,
    names: sanNames(leaf),
    notAfter: new Date(leaf.validTo),
  };
}

/** localhost, the host name, loopback and every non-link-local LAN address of this machine. */
export function localNames(extra: string[] = []): string[] {
  const names = new Set<string>(['localhost', os.hostname().toLowerCase(), '127.0.0.1', '::1']);
  for (const list of Object.values(os.networkInterfaces())) {
    for (const nic of list ?? []) {
      // fe80:: addresses need a zone id, which a URL (and a certificate) cannot carry.
      if (nic.family === 'IPv6' && nic.address.toLowerCase().startsWith('fe80:')) continue;
      names.add(nic.address.toLowerCase());
    }
  }
  for (const e of extra) names.add(e.toLowerCase());
  return [...names].filter((n) => n.length > 0);
}

function sanNames(cert: crypto.X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, '').toLowerCase())
    .filter(Boolean)
    .map((n) => (net.isIPv6(n) ? compactIPv6(n) : n));
}

/** Node prints IPv6 SANs in full (0:0:…:1); the URL parser gives the usual short form (::1). */
function compactIPv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** True when the certificate's SANs cover `name` (Node prints IPv6 SANs expanded). */
function covers(cert: crypto.X509Certificate, name: string): boolean {
  return net.isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
}

function writeSecret(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function writePublic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o644 });
  fs.renameSync(tmp, file);
}

export function ensureAutoTls(
  dataDir: string,
  extraNames: string[] = [],
  issuer: CertificateIssuer = nodeCertificateIssuer,
): TlsMaterial {
  const dir = tlsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    cert: path.join(dir, 'server.crt'),
    key: path.join(dir, 'server.key'),
  };

  if (!fs.existsSync(files.caCert) || !fs.existsSync(files.caKey)) {
    const ca = issuer.createCa(`${LOCAL_CA_NAME} (${os.hostname()})`, CA_DAYS);
    writeSecret(files.caKey, ca.keyPem);
    writePublic(files.caCert, ca.certPem);
    // A new CA invalidates any old server certificate.
    fs.rmSync(files.cert, { force: true });
  }
  const ca = { certPem: fs.readFileSync(files.caCert, 'utf8'), keyPem: fs.readFileSync(files.caKey, 'utf8') };
  const caCert = new crypto.X509Certificate(ca.certPem);

  const wanted = localNames(extraNames);
  let current: crypto.X509Certificate | null = null;
  if (fs.existsSync(files.cert) && fs.existsSync(files.key)) {
    try {
      current = new crypto.X509Certificate(fs.readFileSync(files.cert, 'utf8'));
    } catch {
      current = null;
    }
  }
  const renewBy = Date.now() + RENEW_BEFORE_DAYS * 24 * 60 * 60 * 1000;
  const usable = (c: crypto.X509Certificate | null): c is crypto.X509Certificate =>
    !!c &&
    c.verify(caCert.publicKey) &&
    new Date(c.validTo).getTime() > renewBy &&
    wanted.every((n) => covers(c, n));
  if (!usable(current)) {
    // Keep names the old certificate had (e.g. an address of a NIC that is down right now).
    const names = [...new Set([...wanted, ...(current ? sanNames(current).filter(isPlausibleName) : [])])];
    const issued = issuer.issueServer(ca, names, SERVER_DAYS);
    writeSecret(files.key, issued.keyPem);
    writePublic(files.cert, issued.certPem);
    current = new crypto.X509Certificate(issued.certPem);
  }
  return {
    mode: 'auto',
    key: fs.readFileSync(files.key, 'utf8'),
    cert: fs.readFileSync(files.cert, 'utf8'),
    caPem: ca.certPem,
    fingerprint: caCert.fingerprint256,
    names: sanNames(current!),
    notAfter: new Date(current!.validTo),
  };
}

function isPlausibleName(n: string): boolean {
  return net.isIP(n) !== 0 || /^[a-z0-9.-]+$/.test(n);
}

/** DER bytes of a PEM certificate (for /ca.der). */
export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}
