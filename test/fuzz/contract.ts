// The CLI contract every generated bad input must keep, and a runner that checks it case by case:
// exit 0/1 with a report on stdout, or exit 2 with exactly one `pgl-preflight: ` line on stderr;
// never a stack trace or an internal error, no raw control character, no planted secret anywhere
// (stdout, stderr, written files), and an answer within the time bound.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './cli-worker.js';

/** One generated run: argv, the files it finds in its (fresh, temporary) working directory, its environment. */
export interface CliCase {
  argv: string[];
  files: Record<string, string>;
  env: Record<string, string>;
  /** Secrets planted in this case (on top of PLANTED_SECRETS), which must never be echoed. */
  secrets?: string[];
}

export interface CaseOutcome extends WorkerReply {
  ms: number;
  /** Files the run wrote (relative path -> content). */
  written: Record<string, string>;
  timedOut: boolean;
}

/**
 * Secrets of the shapes users hold: a password, a base64url JWT (with `-` and `_`), a password with
 * spaces and quotes. Every fragment of six or more letters/digits is distinctive (see `leaks`).
 */
export const PLANTED_SECRETS = [
  'Zq7PwdPLANTED4711',
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJacTdKV1QifQ.Zq7sig_PLANTED-tok_Zq7end',
  'Zq7pass_WITH_under_Zq7more',
] as const;

/** Every environment variable a user may hold a secret in, set to a planted secret. */
export const PLANTED_ENV: Record<string, string> = {
  PGPASSWORD: PLANTED_SECRETS[0],
  PG_A_PASSWORD: PLANTED_SECRETS[2],
  AZURE_ACCESS_TOKEN: PLANTED_SECRETS[1],
  AZURE_POSTGRESQL_ACCESS_TOKEN: PLANTED_SECRETS[1],
  AZURE_CLIENT_SECRET: PLANTED_SECRETS[0],
  NO_COLOR: '1',
};

export const CASE_TIME_BOUND_MS = 20_000;

/** The fragments of a secret that must not appear: the whole, and every alphanumeric run of 6+. */
function secretFragments(secret: string): string[] {
  return [secret, ...(secret.match(/[A-Za-z0-9]{6,}/g) ?? [])];
}

function leaks(text: string, secrets: readonly string[]): string | undefined {
  for (const secret of secrets) for (const fragment of secretFragments(secret)) if (text.includes(fragment)) return fragment;
  return undefined;
}

// C0 and C1 controls, DEL and the bidi controls, as src/util/terminal.ts escapes them.

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const SGR = /\u001b\[[0-9;]*m/g;

function describeChar(text: string, pattern: RegExp): string {
  const at = text.search(pattern);
  return `U+${text.charCodeAt(at).toString(16).padStart(4, '0')} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}`;
}

/** The contract violations of one outcome; empty when the case kept the contract. */
export function contractViolations(c: CliCase, outcome: CaseOutcome, timeBoundMs = CASE_TIME_BOUND_MS): string[] {
  const v: string[] = [];
  const { exitCode, stdout, stderr } = outcome;
  if (outcome.timedOut || outcome.ms > timeBoundMs)
    v.push(`took ${Math.round(outcome.ms)} ms (bound ${timeBoundMs} ms)${outcome.timedOut ? ', stopped' : ''}`);
  if (outcome.blockedIo.length > 0) v.push(`tried ${[...new Set(outcome.blockedIo)].join(', ')} (a generated case must stay offline)`);
  if (outcome.unhandled.length > 0) v.push(`unhandled rejection: ${outcome.unhandled[0]}`);
  if (!outcome.timedOut) {
    if (exitCode === 0 || exitCode === 1) {
      if (stdout.trim() === '') v.push(`exit ${exitCode} without a report on stdout`);
      if (stderr !== '') v.push(`exit ${exitCode} with stderr: ${JSON.stringify(stderr.slice(0, 200))}`);
    } else if (exitCode === 2) {
      if (stdout !== '') v.push(`exit 2 with stdout: ${JSON.stringify(stdout.slice(0, 200))}`);
      const lines = stderr.split('\n');
      if (lines.length !== 2 || lines[1] !== '')
        v.push(`exit 2 needs exactly one stderr line, got ${lines.length - 1}: ${JSON.stringify(stderr.slice(0, 300))}`);
      if (!stderr.startsWith('pgl-preflight: '))
        v.push(`stderr does not start with "pgl-preflight: ": ${JSON.stringify(stderr.slice(0, 200))}`);
    } else {
      v.push(`exit code ${exitCode}`);
    }
  }
  const all = `${stdout}\n${stderr}`;
  if (/\n\s+at |node:internal/.test(all)) v.push('a stack trace');
  if (stderr.includes('internal error')) v.push(`an internal error: ${JSON.stringify(stderr.slice(0, 300))}`);
  // Colour (--color) is the one escape sequence a report may hold.
  const plainStdout = stdout.replace(SGR, '');
  if (RAW_CONTROL.test(plainStdout)) v.push(`a raw control character on stdout, ${describeChar(plainStdout, RAW_CONTROL)}`);
  if (RAW_CONTROL.test(stderr.slice(0, -1))) v.push(`a raw control character on stderr, ${describeChar(stderr.slice(0, -1), RAW_CONTROL)}`);
  const secrets = [...PLANTED_SECRETS, ...(c.secrets ?? [])];
  for (const [where, text] of [
    ['stdout', stdout],
    ['stderr', stderr],
    ...Object.entries(outcome.written).map(([p, t]) => [`written file ${p}`, t]),
  ] as const) {
    const fragment = leaks(text, secrets);
    if (fragment) v.push(`${where} holds the planted secret fragment "${fragment}"`);
  }
  return v;
}

function listFiles(dir: string, root = dir, out: Record<string, number> = {}): Record<string, number> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, root, out);
    else if (entry.isFile()) out[relative(root, path)] = statSync(path).mtimeMs;
  }
  return out;
}

/**
 * Runs cases one at a time in a worker thread (in-process speed, ~ms per case, instead of ~0.3 s
 * per spawned process), each in a fresh temporary working directory that is removed afterwards.
 */
export class CaseRunner {
  private worker: Worker | undefined;
  private readonly root = mkdtempSync(join(tmpdir(), 'pgl-preflight-fuzz-'));
  private count = 0;

  constructor(private readonly timeBoundMs = CASE_TIME_BOUND_MS) {}

  private start(): Worker {
    // The worker's own process.env holds the planted secrets too: code that reads process.env
    // directly instead of the injected environment is tested as well.
    this.worker ??= new Worker(new URL('./cli-worker.js', import.meta.url), { env: { ...PLANTED_ENV } });
    return this.worker;
  }

  async run(c: CliCase): Promise<CaseOutcome> {
    const cwd = join(this.root, String((this.count += 1)));
    mkdirSync(cwd);
    for (const [name, text] of Object.entries(c.files)) {
      mkdirSync(dirname(join(cwd, name)), { recursive: true });
      writeFileSync(join(cwd, name), text);
    }
    const before = listFiles(cwd);
    const worker = this.start();
    const started = performance.now();
    const request: WorkerRequest = { argv: c.argv, cwd, env: c.env };
    let timer: NodeJS.Timeout | undefined;
    const reply = await new Promise<WorkerReply | 'timeout' | Error>((resolve) => {
      const onMessage = (m: WorkerReply) => resolve(m);
      const onError = (err: Error) => resolve(err);
      worker.once('message', onMessage);
      worker.once('error', onError);
      timer = setTimeout(() => resolve('timeout'), this.timeBoundMs * 1.5);
      worker.postMessage(request);
    }).finally(() => {
      clearTimeout(timer);
      worker.removeAllListeners('message');
      worker.removeAllListeners('error');
    });
    const ms = performance.now() - started;
    if (reply === 'timeout' || reply instanceof Error) {
      await worker.terminate();
      this.worker = undefined;
    }
    const written: Record<string, string> = {};
    for (const [path, mtime] of Object.entries(listFiles(cwd)))
      if (before[path] !== mtime) written[path] = readFileSync(join(cwd, path), 'utf8');
    rmSync(cwd, { recursive: true, force: true });
    if (reply === 'timeout') return { exitCode: -1, stdout: '', stderr: '', blockedIo: [], unhandled: [], ms, written, timedOut: true };
    if (reply instanceof Error)
      return {
        exitCode: -1,
        stdout: '',
        stderr: `worker crashed: ${reply.stack ?? reply.message}`,
        blockedIo: [],
        unhandled: [],
        ms,
        written,
        timedOut: false,
      };
    return { ...reply, ms, written, timedOut: false };
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
    rmSync(this.root, { recursive: true, force: true });
  }
}
