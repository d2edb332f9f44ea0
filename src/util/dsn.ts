// libpq connection strings, both forms: `host=a port=5432 password='x y'` and `postgres://u:p@h/db?sslmode=require`.
// Used to refuse passwords in the config and to strip them from every DSN the tool reports.
import { memoByText } from './text-memo.js';

export type DsnParams = Record<string, string>;

const URI_PREFIX = /^postgres(ql)?:\/\//i;

/** The parameters of a DSN (frozen: parsed once and shared by every caller). */
// A mesh names each provider in every peer's subscription DSN: the same few strings are parsed again and again.
// (Only DSNs that parse are kept: a bad one throws.)
export const parseDsn: (dsn: string) => Readonly<DsnParams> = memoByText(
  (dsn) => Object.freeze(URI_PREFIX.test(dsn) ? parseUri(dsn) : parseKeyValue(dsn)),
  { entries: 10_000, textLength: 1024 },
);

/** /\s/ without a regular expression per character for ASCII (values can be megabytes long). */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}

const BACKSLASH = 92;
const QUOTE = 39;
const EQUALS = 61;

function parseKeyValue(dsn: string): DsnParams {
  const params: DsnParams = {};
  let i = 0;
  const n = dsn.length;
  const skipSpace = () => {
    while (i < n && isSpace(dsn.charCodeAt(i))) i++;
  };
  // Values are sliced, not built a character at a time: `value += c` over a 50 MB value made a
  // string of 50 million pieces and gigabytes of garbage. A backslash keeps the next character.
  const readValue = (quoted: boolean): string => {
    const parts: string[] = [];
    let start = i;
    while (i < n) {
      const code = dsn.charCodeAt(i);
      if (quoted ? code === QUOTE : isSpace(code)) break;
      if (code === BACKSLASH && i + 1 < n) {
        parts.push(dsn.slice(start, i));
        start = i + 1;
        i += 2;
      } else {
        i++;
      }
    }
    parts.push(dsn.slice(start, i));
    return parts.join('');
  };
  for (;;) {
    skipSpace();
    if (i >= n) break;
    const keyStart = i;
    while (i < n && dsn.charCodeAt(i) !== EQUALS && !isSpace(dsn.charCodeAt(i))) i++;
    const key = dsn.slice(keyStart, i);
    skipSpace();
    // The key is not echoed: a DSN with a stray word may hold a secret in that very word.
    if (dsn[i] !== '=') throw new Error(`missing "=" after the word at position ${i - key.length + 1}`);
    i++;
    skipSpace();
    let value: string;
    if (dsn[i] === "'") {
      i++;
      value = readValue(true);
      if (dsn[i] !== "'") throw new Error('unterminated quoted value');
      i++;
    } else {
      value = readValue(false);
    }
    params[key.toLowerCase()] = value;
  }
  return params;
}

function parseUri(dsn: string): DsnParams {
  // URL does not know the postgres scheme's host list; a single host is what pglogical DSNs use.
  const url = new URL(dsn.replace(URI_PREFIX, 'http://'));
  const params: DsnParams = {};
  if (url.hostname) params.host = decodeURIComponent(url.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (url.port) params.port = url.port;
  if (url.username) params.user = decodeURIComponent(url.username);
  if (url.password) params.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, '');
  if (db) params.dbname = decodeURIComponent(db);
  for (const [k, v] of url.searchParams) params[k.toLowerCase()] = v;
  return params;
}

export function dsnHasPassword(dsn: string): boolean {
  try {
    const params = parseDsn(dsn);
    return params.password !== undefined || params.sslpassword !== undefined;
  } catch {
    return /password\s*=|:\/\/[^@/]*:[^@/]*@/i.test(dsn);
  }
}

/**
 * The DSN with any password removed. Works on text that does not parse too, because a DSN with a
 * broken quote can still carry a password that must not leak.
 */
const SECRET_KEYS = new Set(['password', 'sslpassword']);

/** libpq decodes percent-escapes in URI parameter names too: `pass%77ord=` is a password. */
function isSecretUriKey(raw: string): boolean {
  let key = raw;
  try {
    key = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // a malformed escape: judge the raw text
  }
  return SECRET_KEYS.has(key.trim().toLowerCase());
}

export function redactDsn(dsn: string): string {
  if (URI_PREFIX.test(dsn)) {
    return dsn
      .replace(/(:\/\/[^:@/]*):[^@/]*@/, '$1@')
      .replace(/([?&])([^=&#]*)=([^&#]*)/g, (whole, sep: string, key: string) => (isSecretUriKey(key) ? `${sep}${key}=***` : whole));
  }
  // password and sslpassword (the client key's passphrase); values may be quoted or backslash-escaped.
  // A doubled quote is not libpq syntax, but is taken as part of the value rather than leak what follows.
  return dsn.replace(/(\b(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.|'')*'?|(?:\\.|\S)*)/gi, '$1***');
}

/** Redacts every password-looking fragment inside free text (error messages from drivers, logs). */
/** Text that cannot hold a DSN password, a URI password or a bearer token: most strings of a snapshot. */
const MAY_HOLD_SECRET = /password|:\/|bearer|%/i;

export function redactSecrets(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  return (
    redactDsn(text)
      // One slash too: a URI given where a file name belongs comes back from path.resolve as `postgres:/u:pw@h`.
      // The password part stops only at a space, '@' or '/': a control character inside it must not cut it short.
      .replace(/(postgres(?:ql)?:\/\/?)([^:@/\s]*):[^@/ ]*@/gi, '$1$2@')
      .replace(/([?&])([^=&#\s]*)=([^&#\s]*)/g, (whole, sep: string, key: string) => (isSecretUriKey(key) ? `${sep}${key}=***` : whole))
      .replace(/(bearer\s+)[A-Za-z0-9._~+/-]+=*/gi, '$1***')
  );
}
