import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/platform/org/service.ts';
import { opsInfo, refreshAutoTls } from '../src/platform/ops/server.ts';
import { runtimeFile } from '../src/platform/ops/runtime.ts';
import { ensureAutoTls, localNames, prepareTls, TlsSetupError } from '../src/platform/ops/tls.ts';
import { nodeCertificateIssuer } from '../src/platform/ops/x509.ts';
import { startServer } from '../src/platform/startup.ts';
import { createTestEnv, type TestEnv, tempDirs } from './harness.ts';

const tmp = tempDirs();
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** The machine's first non-loopback IPv4 address (requests from it are "not loopback"). */
const lanIPv4 = Object.values(os.networkInterfaces())
  .flat()
  .find((n) => n && n.family === 'IPv4' && !n.internal)?.address;

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(url: string, options: https.RequestOptions & { body?: string } = {}): Promise<Res> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      { hostname: u.hostname, port: u.port, path: u.pathname + u.search, agent: false, ...options },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('operations: local certificate authority (ANJU_TLS=auto)', () => {
  const dataDir = tmp('tls');

  it('creates a CA and a server certificate for localhost, loopback and the LAN addresses', () => {
    const material = ensureAutoTls(dataDir);
    const dir = path.join(dataDir, 'tls');
    expect(modeOf(path.join(dir, 'ca.key'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'server.key'))).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);

    const ca = new crypto.X509Certificate(material.caPem!);
    const cert = new crypto.X509Certificate(material.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.checkPrivateKey(crypto.createPrivateKey(material.key))).toBe(true);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBeDefined();
    expect(cert.checkHost('localhost')).toBe('localhost');
    if (lanIPv4) expect(cert.checkIP(lanIPv4)).toBe(lanIPv4);
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    // Private-CA server certificates over 825 days are refused by Apple devices.
    const days = (new Date(cert.validTo).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeLessThan(400);
    expect(material.fingerprint).toBe(ca.fingerprint256);
    expect(material.names).toEqual(expect.arrayContaining(localNames()));
  });

  it('reuses the certificate on the next start and re-issues it (same CA) for a new name', () => {
    const first = ensureAutoTls(dataDir);
    const again = ensureAutoTls(dataDir);
    expect(again.cert).toBe(first.cert);
    const more = ensureAutoTls(dataDir, ['anju-gate.local', '10.20.30.40']);
    expect(more.cert).not.toBe(first.cert);
    expect(more.caPem).toBe(first.caPem);
    const cert = new crypto.X509Certificate(more.cert);
    expect(cert.checkHost('anju-gate.local')).toBe('anju-gate.local');
    expect(cert.checkIP('10.20.30.40')).toBe('10.20.30.40');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('checks operator-supplied certificate files: a key that does not match is refused', () => {
    const dir = tmp('tls-files');
    const ca = nodeCertificateIssuer.createCa('Test CA', 30);
    const a = nodeCertificateIssuer.issueServer(ca, ['anju.example'], 30);
    const b = nodeCertificateIssuer.issueServer(ca, ['anju.example'], 30);
    fs.writeFileSync(path.join(dir, 'a.crt'), a.certPem);
    fs.writeFileSync(path.join(dir, 'a.key'), a.keyPem);
    fs.writeFileSync(path.join(dir, 'b.key'), b.keyPem);
    const files = (key: string) => ({
      dataDir: dir,
      tls: {
        mode: 'files' as const,
        certFile: path.join(dir, 'a.crt'),
        keyFile: path.join(dir, key),
        extraNames: [],
      },
    });
    expect(prepareTls(files('a.key'))).toMatchObject({ mode: 'files', caPem: null, names: ['anju.example'] });
    expect(() => prepareTls(files('b.key'))).toThrow(TlsSetupError);
    expect(() => prepareTls(files('b.key'))).toThrow(/does not belong to the certificate/);
  });
});

describe('operations: HTTPS server with a plain-HTTP companion port', () => {
  let env: TestEnv;
  let app: FastifyInstance;
  let caPem: string;
  let httpsPort: number;
  let plainPort: number;
  const dataDir = tmp('https');

  beforeAll(async () => {
    env = await createTestEnv('pglite', { demo: false });
    await createUser(env.ctx.db, {
      username: 'gate-admin',
      displayName: 'TLS test admin',
      role: 'admin',
      password: 'tls-test-password-1',
      siteIds: [],
    });
    const config = {
      ...env.ctx.config,
      dataDir,
      host: '0.0.0.0',
      port: 0,
      httpPort: 0,
      tls: { mode: 'auto' as const, extraNames: [] },
    };
    app = await startServer({ ...env.ctx, config }, { logger: false });
    const address = app.server.address();
    httpsPort = typeof address === 'object' && address ? address.port : 0;
    plainPort = opsInfo(app)!.plainPort!;
    caPem = fs.readFileSync(path.join(dataDir, 'tls', 'ca.crt'), 'utf8');
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('serves HTTPS that verifies against the local CA, with HSTS', async () => {
    const res = await request(`https://127.0.0.1:${httpsPort}/api/health`, { ca: caPem });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ status: 'ok' });
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000');

    // Without the CA the certificate is (rightly) not trusted.
    await expect(request(`https://127.0.0.1:${httpsPort}/api/health`)).rejects.toThrow(
      /self[- ]signed|unable to verify/i,
    );

    // No HSTS for "localhost": it would also upgrade the plain development port.
    const local = await request(`https://127.0.0.1:${httpsPort}/api/health`, {
      ca: caPem,
      servername: 'localhost',
      headers: { host: `localhost:${httpsPort}` },
    });
    expect(local.status).toBe(200);
    expect(local.headers['strict-transport-security']).toBeUndefined();
  });

  it('marks the session cookie Secure over HTTPS only', async () => {
    const login = (url: string, extra: https.RequestOptions = {}) =>
      request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'gate-admin', password: 'tls-test-password-1' }),
        ...extra,
      });
    const secure = await login(`https://127.0.0.1:${httpsPort}/api/v1/auth/login`, { ca: caPem });
    expect(secure.status).toBe(200);
    expect(String(secure.headers['set-cookie'])).toMatch(/anju_session=.*; Secure/);
    const plain = await login(`http://127.0.0.1:${plainPort}/api/v1/auth/login`);
    expect(plain.status).toBe(200);
    expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('plain HTTP: the whole app on loopback, the CA page for everyone, a redirect otherwise', async () => {
    const local = await request(`http://127.0.0.1:${plainPort}/api/health`);
    expect(local.status).toBe(200);
    expect(local.headers['strict-transport-security']).toBeUndefined();

    const host = lanIPv4 ?? '127.0.0.1';
    const ca = await request(`http://${host}:${plainPort}/ca.crt`);
    expect(ca.status).toBe(200);
    expect(ca.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(ca.body.toString()).toBe(caPem);
    const der = await request(`http://${host}:${plainPort}/ca.der`);
    expect(new crypto.X509Certificate(der.body).fingerprint256).toBe(
      new crypto.X509Certificate(caPem).fingerprint256,
    );
    const help = await request(`http://${host}:${plainPort}/tls-help`);
    expect(help.status).toBe(200);
    const page = help.body.toString();
    expect(page).toContain('根证书');
    expect(page).toContain(new crypto.X509Certificate(caPem).fingerprint256);
    expect(page).toContain(`:${httpsPort}/`);

    if (!lanIPv4) return; // no LAN address on this machine: nothing is "not loopback"
    const get = await request(`http://${lanIPv4}:${plainPort}/api/v1/auth/me?x=1`);
    expect(get.status).toBe(301);
    expect(get.headers.location).toBe(`https://${lanIPv4}:${httpsPort}/api/v1/auth/me?x=1`);
    const post = await request(`http://${lanIPv4}:${plainPort}/api/v1/auth/login`, { method: 'POST' });
    expect(post.status).toBe(308);
    // A forged Host header cannot steer the redirect elsewhere.
    const forged = await request(`http://${lanIPv4}:${plainPort}/`, { headers: { host: 'evil.example/x?' } });
    expect(forged.headers.location).toBe(`https://${lanIPv4}:${httpsPort}/`);
  });

  it('renews the server certificate in place for a new name, without a restart', async () => {
    const name = 'anju-renewed.local';
    const before = request(`https://127.0.0.1:${httpsPort}/api/health`, { ca: caPem, servername: name });
    await expect(before).rejects.toThrow(/altnames|does not match/i);
    expect(refreshAutoTls(app, opsInfo(app)!.tls!, dataDir, [name])).toBe(true);
    const after = await request(`https://127.0.0.1:${httpsPort}/api/health`, { ca: caPem, servername: name });
    expect(after.status).toBe(200);
    expect(refreshAutoTls(app, opsInfo(app)!.tls!, dataDir, [name])).toBe(false); // nothing new
  });

  it('writes run/server.json (0600) for the backup command while running', () => {
    const file = runtimeFile(dataDir);
    expect(modeOf(file)).toBe(0o600);
    const info = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(info).toMatchObject({
      pid: process.pid,
      protocol: 'https',
      controlPort: opsInfo(app)!.controlPort,
    });
    expect(info.token).toMatch(/^[\w-]{40,}$/);
  });
});
