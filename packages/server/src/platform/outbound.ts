import type { Message } from '@anju/contracts';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { platformMessages as m } from './messages.ts';

/**
 * Every HTTP call the server makes to an address someone typed into the console (a gate's lock
 * controller, an alert webhook) goes through here, so one set of rules decides where the server
 * may call (no SSRF through settings):
 *
 * - refused: loopback, link-local (incl. the 169.254.169.254 cloud metadata address), unspecified,
 *   multicast/broadcast addresses, IPv4-mapped/compatible/NAT64 forms of them, `localhost`
 *   names, and URLs with user:password@. Private LAN ranges and public addresses are fine (lock
 *   controllers live on the compound LAN). `allowLoopback` (ANJU_RELAY_ALLOW_LOOPBACK, tests only)
 *   lets loopback through, nothing else.
 * - the literal URL is checked when it is saved (`outboundUrlProblem`, a 400 on the field);
 * - right before each call the host name is resolved once, every address it resolves to is
 *   checked, and the connection goes to a checked address (the HTTP client's `lookup` is pinned
 *   to it), keeping the Host header and the TLS server name of the original name: a name cannot
 *   resolve to a LAN address for the check and to the metadata address for the call (DNS rebinding).
 */

/** Why an outbound URL is refused (400 on the URL field at save time; a refusal at call time). */
const PROBLEM_KEYS = {
  loopback: 'outbound.loopback',
  linkLocal: 'outbound.linkLocal',
  unspecified: 'outbound.unspecified',
  multicast: 'outbound.multicast',
  userinfo: 'outbound.userinfo',
} as const;
export type UrlProblem = keyof typeof PROBLEM_KEYS;
export const problemMessage = (problem: UrlProblem): Message => m.msg(PROBLEM_KEYS[problem]);
/**
 * The Chinese wording of every refusal, as it is written into a call's attempt record; the
 * lock-controller failure alert tells a refused address by it.
 */
export const REFUSAL_TEXTS_ZH: readonly string[] = Object.values(PROBLEM_KEYS).map((k) => m.text('zh-CN', k));
export type AddressProblem = Exclude<UrlProblem, 'userinfo'>;

function ipv4Kind(a: number[]): AddressProblem | null {
  const [b0, b1] = a as [number, number];
  if (b0 === 0) return 'unspecified'; // 0.0.0.0/8, "this network"
  if (b0 === 127) return 'loopback';
  if (b0 === 169 && b1 === 254) return 'linkLocal';
  if (b0 >= 224) return 'multicast'; // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, broadcast
  return null;
}

/** 16 bytes of an IPv6 address (zone id dropped), or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.replace(/%.*$/, '');
  if (!net.isIPv6(text)) return null;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (v4) {
    tail = v4[1]!.split('.').map(Number);
    text = `${text.slice(0, v4.index)}0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) =>
    s
      ? s
          .split(':')
          .filter(Boolean)
          .map((h) => parseInt(h, 16))
      : [];
  const left = part(head);
  const right = part(rest);
  const groups =
    rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (v4) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 ? bytes : null;
}

/** What is wrong with calling this IP address, or null (private LAN and public addresses pass). */
export function refusedAddress(address: string, allowLoopback: boolean): AddressProblem | null {
  let kind: AddressProblem | null = null;
  if (net.isIPv4(address)) kind = ipv4Kind(address.split('.').map(Number));
  else {
    const b = ipv6Bytes(address);
    if (!b) return null;
    const zeros = (n: number) => b.slice(0, n).every((x) => x === 0);
    if (zeros(16)) kind = 'unspecified';
    else if (zeros(15) && b[15] === 1) kind = 'loopback';
    else if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) kind = 'linkLocal';
    else if (b[0] === 0xff) kind = 'multicast';
    // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d).
    else if (
      (zeros(10) && b[10] === 0xff && b[11] === 0xff) ||
      zeros(12) ||
      (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0))
    )
      kind = ipv4Kind(b.slice(12));
  }
  return kind === 'loopback' && allowLoopback ? null : kind;
}

/** The URL's host as the resolver and the TLS layer want it: no brackets, no trailing dot, lower case. */
export const bareHost = (hostname: string) =>
  hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

function literalProblem(target: URL, allowLoopback: boolean): UrlProblem | null {
  if (target.username || target.password) return 'userinfo';
  const host = bareHost(target.hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return allowLoopback ? null : 'loopback';
  return net.isIP(host) ? refusedAddress(host, allowLoopback) : null;
}

/**
 * What is wrong with an outbound URL as written (user:password@, a refused literal address or a
 * localhost name), as the message for the URL field; null when it may be saved. Names are
 * resolved and checked again before each call.
 */
export function outboundUrlProblem(url: string, allowLoopback: boolean): Message | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return null; // the schema reports malformed URLs
  }
  const problem = literalProblem(target, allowLoopback);
  return problem ? problemMessage(problem) : null;
}

/** A call refused by the address rules before anything was sent. */
export class OutboundRefused extends Error {
  readonly code = 'ANJU_OUTBOUND_REFUSED';
  constructor(
    readonly problem: UrlProblem,
    readonly host: string,
    /** the resolved address that was refused; null when the URL itself was */
    readonly address: string | null,
  ) {
    // Recorded with the call (attempt log, server log): in Chinese, the records' language.
    const reason = m.text('zh-CN', PROBLEM_KEYS[problem]);
    super(address ? m.text('zh-CN', 'outbound.refusedAtCall', { host, address, reason }) : reason);
  }
}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host once (`dns.promises.lookup`, every address) and checks each address;
 * throws OutboundRefused when the URL or any address is refused. Returns the checked addresses.
 */
export async function resolveChecked(url: URL, allowLoopback: boolean): Promise<CheckedAddress[]> {
  const host = bareHost(url.hostname);
  const literal = literalProblem(url, allowLoopback);
  if (literal) throw new OutboundRefused(literal, host, null);
  const family = net.isIP(host);
  if (family) return [{ address: host, family: family === 6 ? 6 : 4 }];
  const addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' });
  for (const { address } of addresses) {
    const kind = refusedAddress(address, allowLoopback);
    if (kind) throw new OutboundRefused(kind, host, address);
  }
  return addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** A `lookup` for node:net that answers with the checked addresses only (never asks DNS again). */
function pinnedLookup(checked: CheckedAddress[]): net.LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, checked);
    else callback(null, checked[0]!.address, checked[0]!.family);
  }) as unknown as net.LookupFunction;
}

export interface OutboundRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | undefined;
  /** aborts the lookup and the request (timeouts, shutdown) */
  signal?: AbortSignal | undefined;
  allowLoopback: boolean;
}

export interface OutboundResponse {
  status: number;
  /** the address the connection was made to (one that was checked) */
  address: string;
}

/** Only the status matters to callers; a longer answer is cut off rather than read for ever. */
const MAX_RESPONSE_BYTES = 64 * 1024;

const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' });

/** The promise, or a rejection as soon as the signal aborts (a DNS lookup cannot be cancelled). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * One HTTP(S) request to a checked address. Redirects are not followed (the status is returned).
 * Rejects with OutboundRefused (address rules), an AbortError (signal), or the socket's error
 * (its `code`, e.g. ECONNREFUSED, is for the server log — callers do not show it to users).
 */
export async function outboundRequest(req: OutboundRequest): Promise<OutboundResponse> {
  const target = new URL(req.url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new Error(`unsupported protocol ${target.protocol}`);
  const checked = await untilAborted(resolveChecked(target, req.allowLoopback), req.signal);
  const host = bareHost(target.hostname);
  const secure = target.protocol === 'https:';
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  const options: https.RequestOptions = {
    method: req.method,
    host,
    port: target.port ? Number(target.port) : secure ? 443 : 80,
    path: `${target.pathname}${target.search}`,
    headers: {
      ...req.headers,
      host: target.host,
      ...(body ? { 'content-length': String(body.length) } : {}),
    },
    lookup: pinnedLookup(checked),
    // A fresh connection per call: a pooled socket could belong to an address checked earlier.
    agent: false,
    ...(req.signal ? { signal: req.signal } : {}),
    // Certificates are checked against the name that was typed, not the address.
    ...(secure && !net.isIP(host) ? { servername: host } : {}),
  };
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = (secure ? https : http).request(options, (res) => {
      let seen = 0;
      const done = () =>
        resolve({ status: res.statusCode ?? 0, address: res.socket?.remoteAddress ?? checked[0]!.address });
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > MAX_RESPONSE_BYTES) {
          res.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('error', reject);
      // Cut off mid-answer (abort, reset): settle rather than wait for an end that never comes.
      res.on('close', () => {
        if (!res.complete) reject(req.signal?.aborted ? abortError() : new Error('response cut off'));
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}
