// A local Resource Manager: HTTPS on 127.0.0.1 with a certificate made at test time, serving the
// routes of a scenario in the REST shape (properties wrappers, list envelopes, nextLink paging that
// points back at itself), with injectable faults and a log of every request.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from './certificate.js';

export type RouteBody =
  | { kind: 'resource'; body: unknown }
  | { kind: 'list'; items: unknown[]; pageSize?: number }
  /** A list body as Azure's examples give it: its nextLink (pointing at Azure) is rewritten to this server, and the next page is empty. */
  | { kind: 'example-list'; body: { value: unknown[]; nextLink?: string } };

export type Fault =
  | { status: number; code?: string; message?: string; headers?: Record<string, string> }
  | { hang: true }
  | { malformed: true }
  | { delayMs: number };

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
}

export interface ArmServer {
  url: string;
  caFile: string;
  requests: RequestRecord[];
  routes: Map<string, RouteBody>;
  /** Faults per lower-cased path, served in order before the route's real answer. */
  faults: Map<string, Fault[]>;
  /** Delay every answer by this much (latency injection for all routes). */
  latencyMs: number;
  /** The most requests that were in flight at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

let certificate: { key: string; cert: string; caFile: string } | undefined;

/** A throw-away certificate for 127.0.0.1, made with openssl once per test process. */
export function testCertificate(): { key: string; cert: string; caFile: string } {
  if (!certificate) {
    const dir = mkdtempSync(join(tmpdir(), 'pgl-preflight-tls-'));
    selfSignedCertificate({
      keyFile: join(dir, 'key.pem'),
      certFile: join(dir, 'cert.pem'),
      subject: '/CN=127.0.0.1',
      days: 2,
      altNames: 'IP:127.0.0.1,DNS:localhost',
    });
    certificate = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      caFile: join(dir, 'cert.pem'),
    };
  }
  return certificate;
}

export async function startArmServer(routes: Map<string, RouteBody>, expectedToken: string): Promise<ArmServer> {
  const { key, cert, caFile } = testCertificate();
  const requests: RequestRecord[] = [];
  const faults = new Map<string, Fault[]>();
  const hanging = new Set<import('node:http').ServerResponse>();
  let base = '';
  let inFlight = 0;
  const state = { latencyMs: 0, maxInFlight: 0 };
  const server: Server = createServer({ key, cert }, (req, res) => {
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    let answered = false;
    const settle = () => {
      if (!answered) inFlight -= 1;
      answered = true;
    };
    res.on('close', settle);
    const url = new URL(req.url ?? '/', base);
    // Resource Manager tolerates doubled slashes (Azure's own example nextLinks contain one).
    const path = decodeURIComponent(url.pathname)
      .replace(/\/{2,}/g, '/')
      .replace(/\/+$/, '');
    const lower = path.toLowerCase();
    requests.push({ method: req.method ?? '', path, query: url.search, authorization: req.headers.authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      // Counted as answered when the answer is sent, not when the socket is done with it.
      settle();
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': String(requests.length), ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.method !== 'GET') {
      send(405, { error: { code: 'MethodNotAllowed', message: `${req.method} is not served here: the tool only reads` } });
      return;
    }
    if (req.headers.authorization !== `Bearer ${expectedToken}`) {
      send(401, { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } });
      return;
    }
    const pending = faults.get(lower);
    const fault = pending?.shift();
    if (fault && 'hang' in fault) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (fault && 'malformed' in fault) {
      send(200, '{"id": "/subscriptions/truncated", "properties": {');
      return;
    }
    if (fault && 'status' in fault) {
      send(
        fault.status,
        { error: { code: fault.code ?? `Http${fault.status}`, message: fault.message ?? `injected ${fault.status}` } },
        fault.headers,
      );
      return;
    }
    const answer = () => {
      const route = routes.get(lower);
      if (!route) {
        send(404, { error: { code: 'ResourceNotFound', message: `The Resource '${path}' was not found.` } });
        return;
      }
      if (route.kind === 'resource') {
        send(200, route.body);
        return;
      }
      if (route.kind === 'example-list') {
        if ([...url.searchParams.keys()].some((k) => k.toLowerCase() === '$skiptoken')) {
          send(200, { value: [] });
          return;
        }
        // Rewritten to itself: this route's path on this server, with the example's query (its $skiptoken).
        const nextLink = route.body.nextLink ? `${base}${path}${new URL(route.body.nextLink).search}` : undefined;
        send(200, { ...route.body, ...(nextLink ? { nextLink } : {}) });
        return;
      }
      const size = route.pageSize ?? route.items.length;
      const start = Number(url.searchParams.get('$skiptoken') ?? '0');
      const page = route.items.slice(start, start + Math.max(size, 1));
      const next =
        start + size < route.items.length
          ? `${base}${path}?api-version=${url.searchParams.get('api-version') ?? ''}&$skiptoken=${start + size}`
          : undefined;
      send(200, { value: page, ...(next ? { nextLink: next } : {}) });
    };
    const delay = (fault && 'delayMs' in fault ? fault.delayMs : 0) + state.latencyMs;
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    caFile,
    requests,
    routes,
    faults,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
