// Schema validation, reduced to the one line a person needs: file, line, path, what was expected.
import type { ErrorObject } from 'ajv';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { PACKAGE_ROOT } from './package-info.js';
import { InputError } from './errors.js';

const require = createRequire(import.meta.url);

/** The yaml package, loaded when YAML is first parsed: a check from a snapshot or a JSON config never needs it. */
export function yamlModule(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

type ValidateFunction = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * A validator for one of the shipped schemas, loaded on first use from schemas/validators.cjs: ajv
 * standalone code generated from the same TypeBox definitions as schemas/*.schema.json (npm run
 * schemas; a test checks it is current), so no run pays for compiling the schema.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is the schema's static type, which the standalone validator cannot carry
export function lazyValidator<T>(
  name: 'snapshot' | 'config',
): (value: unknown) => { ok: true; value: T } | { ok: false; errors: ErrorObject[] } {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= (require(resolve(PACKAGE_ROOT, 'schemas', 'validators.cjs')) as Record<typeof name, ValidateFunction>)[name];
    return validate(value) ? { ok: true, value: value as T } : { ok: false, errors: validate.errors ?? [] };
  };
}

type PathSegment = string | number;

function pointerToSegments(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `nodes[1].server` from ['nodes', 1, 'server']. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments)
    out += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
  return out || '(top level)';
}

const MAX_ERRORS_WEIGHED = 1000;

/** Picks the most specific error and phrases it; `locate` maps a path to a 1-based line where the source allows. */
export function describeErrors(
  errors: readonly ErrorObject[],
  locate?: (segments: PathSegment[]) => number | undefined,
): { path: string; line: number | undefined; message: string } {
  // A loop, not Math.max(...list): a document with very many errors (150,000 bad array items) would
  // pass more arguments than the call stack holds.
  // Only the first errors are weighed: ajv (allErrors) lists every bad item, and a document with very
  // many of them is reported by its first one either way.
  errors = errors.slice(0, MAX_ERRORS_WEIGHED);
  let deepest = 0;
  for (const e of errors) deepest = Math.max(deepest, pointerToSegments(e.instancePath).length);
  const candidates = errors.filter((e) => pointerToSegments(e.instancePath).length === deepest);
  const first = candidates.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'const') ?? candidates[0]!;
  const segments = pointerToSegments(first.instancePath);
  let message: string;
  const consts = candidates.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params.allowedValue));
  if (first.keyword === 'additionalProperties') {
    const key = String(first.params.additionalProperty);
    segments.push(key);
    message = `unknown key "${key}"`;
  } else if (first.keyword === 'required') {
    message = `missing required key "${String(first.params.missingProperty)}"`;
  } else if (consts.length > 0 && (first.keyword === 'const' || first.keyword === 'anyOf')) {
    message = `must be ${consts.length > 1 ? 'one of ' : ''}${consts.join(', ')}`;
  } else if (first.keyword === 'enum') {
    message = `must be one of ${(first.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  } else {
    message = first.message ?? `fails ${first.keyword}`;
  }
  return { path: formatPath(segments), line: locate?.(segments), message };
}

/** Line lookup for YAML text (JSON is YAML too, but see jsonLineLocator), used only when reporting an error. */
export function lineLocator(text: string): (segments: PathSegment[]) => number | undefined {
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  return yamlLineLocator(parseDocument(text, { lineCounter }), lineCounter);
}

/** Line lookup in a YAML document already parsed with `lineCounter`. */
export function yamlLineLocator(doc: Document, lineCounter: LineCounter): (segments: PathSegment[]) => number | undefined {
  return (segments) => {
    for (let n = segments.length; n >= 0; n--) {
      const node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/**
 * Line lookup in valid JSON text by scanning to the path, without building a tree: parsing a
 * multi-megabyte snapshot as YAML only to name a line took longer than the check itself.
 * The deepest part of the path that exists is located (for a duplicate key, the last, as JSON.parse keeps).
 */
export function jsonLineLocator(text: string): (segments: PathSegment[]) => number | undefined {
  const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
  const skipSpace = (i: number) => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    return i;
  };
  const stringEnd = (i: number) => {
    // i is at the opening quote; returns the index after the closing one.
    for (i += 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) i++;
      else if (c === 0x22) return i + 1;
    }
    return i;
  };
  const valueEnd = (i: number) => {
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i = stringEnd(i) - 1;
        if (depth === 0) return i + 1;
      } else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) return i;
        if (--depth === 0) return i + 1;
      } else if (depth === 0 && (c === 0x2c || isSpace(c))) return i;
    }
    return i;
  };
  /** Start of the member `segment` of the container starting at `i`, or undefined. */
  const child = (i: number, segment: PathSegment): number | undefined => {
    const open = text.charCodeAt(i);
    if (open !== 0x7b && open !== 0x5b) return undefined;
    let found: number | undefined;
    let index = 0;
    i = skipSpace(i + 1);
    while (i < text.length && text.charCodeAt(i) !== 0x7d && text.charCodeAt(i) !== 0x5d) {
      let matches = index === segment;
      if (open === 0x7b) {
        const end = stringEnd(i);
        matches = JSON.parse(text.slice(i, end)) === String(segment);
        i = skipSpace(skipSpace(end) + 1);
      }
      if (matches) {
        found = i;
        if (open === 0x5b) return found;
      }
      i = skipSpace(valueEnd(i));
      if (text.charCodeAt(i) === 0x2c) i = skipSpace(i + 1);
      index++;
    }
    return found;
  };
  const lineAt = (i: number) => {
    let line = 1;
    for (let k = text.indexOf('\n'); k !== -1 && k < i; k = text.indexOf('\n', k + 1)) line++;
    return line;
  };
  return (segments) => {
    let at = skipSpace(0);
    for (const segment of segments) {
      const next = child(at, segment);
      if (next === undefined) break;
      at = next;
    }
    return at < text.length ? lineAt(at) : undefined;
  };
}

/**
 * JSON.parse with an error that says where, never what: V8 quotes the text around the fault, which
 * may be a password. A leading byte-order mark is accepted (editors on Windows write one).
 */
export function parseJson(text: string, where: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message);
    if (position) {
      const before = body.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      throw new InputError(`${where}:${line}: not valid JSON at line ${line}, column ${column}`);
    }
    throw new InputError(`${where}: not valid JSON (${/end of (JSON )?input/i.test(message) ? 'it ends too early' : 'unexpected text'})`);
  }
}
