// Progress on stderr: a live line on a terminal (which resources are being read), one quiet line per phase otherwise.
import { redactSecrets } from '../util/dsn.js';
import { escapeControl } from '../util/terminal.js';

export interface Progress {
  onAzureRead: (event: { label: string; state: 'start' | 'ok' | 'failed' }) => void;
  onPhase: (phase: string, summary: string) => void;
  /** A warning line about the input (text from a plan file, say): redacted and escaped like every other stderr line. */
  warn: (line: string) => void;
  done(): void;
}

export function makeProgress(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } = process.stderr): Progress {
  const tty = stream.isTTY === true;
  const active = new Set<string>();
  let finished = 0;
  let shown = false;
  const draw = () => {
    if (!tty) return;
    const current = [...active].slice(0, 2).join(', ');
    const line = escapeControl(
      `reading Azure: ${finished} done${active.size ? `, now ${current}${active.size > 2 ? ` (+${active.size - 2})` : ''}` : ''}`,
    );
    stream.write(`\r\u001b[2K${line.slice(0, (stream.columns || 100) - 1)}`);
    shown = true;
  };
  const clear = () => {
    if (tty && shown) stream.write('\r\u001b[2K');
    shown = false;
  };
  return {
    onAzureRead(event) {
      if (event.state === 'start') active.add(event.label);
      else {
        active.delete(event.label);
        finished += 1;
      }
      draw();
    },
    onPhase(phase, summary) {
      clear();
      stream.write(`pgl-preflight: ${phase}: ${escapeControl(summary)}\n`);
    },
    warn(line) {
      clear();
      stream.write(`warning: ${redactSecrets(escapeControl(line))}\n`);
    },
    done: clear,
  };
}
