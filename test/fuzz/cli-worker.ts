// Runs CLI cases in-process for the generated bad-input suite, inside a worker thread so that a case
// that hangs (even in a synchronous loop) can be stopped. The network and child processes are
// switched off here: a generated case must never reach Azure, a database or a DNS server.
import childProcess from 'node:child_process';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { Writable } from 'node:stream';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { runCli } from '../../src/cli/main.js';

export interface WorkerRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface WorkerReply {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** What the case tried to reach; always empty for a well-made case. */
  blockedIo: string[];
  /** Promise rejections nobody handled while the case ran (a bug even when the exit code is right). */
  unhandled: string[];
}

// The test runner loads every module under dist/test as a test file: outside a worker this one does nothing.
if (parentPort) serve(parentPort);

function serve(port: MessagePort): void {
  let unhandled: string[] = [];
  process.on('unhandledRejection', (reason) =>
    unhandled.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)),
  );

  let blockedIo: string[] = [];
  function refuse(what: string): never {
    blockedIo.push(what);
    throw Object.assign(new Error(`fuzz harness: ${what} is switched off`), { code: 'EACCES' });
  }
  net.Socket.prototype.connect = function connect() {
    return refuse('a network connection');
  };
  dns.lookup = (() => refuse('a DNS lookup')) as unknown as typeof dns.lookup;
  dns.promises.lookup = () => refuse('a DNS lookup');
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
    (childProcess as unknown as Record<string, unknown>)[name] = () => refuse(`child_process.${name}`);
  }
  syncBuiltinESMExports();

  class Buffered extends Writable {
    text = '';
    isTTY = false;
    override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      callback();
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the handler answers on the port itself; nothing awaits the listener
  port.on('message', async (request: WorkerRequest) => {
    blockedIo = [];
    unhandled = [];
    const stdout = new Buffered();
    const stderr = new Buffered();
    const exitCode = await runCli(request.argv, { cwd: request.cwd, env: request.env, stdout, stderr });
    // Let pending writes and rejections surface before the reply.
    await new Promise((resolve) => setImmediate(resolve));
    const reply: WorkerReply = { exitCode, stdout: stdout.text, stderr: stderr.text, blockedIo, unhandled };
    port.postMessage(reply);
  });
}
