// Schema validation with ajv, reduced to the one line a person needs: file, line, path, what was expected.
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { PACKAGE_ROOT } from './package-info.js';
import { InputError } from './errors.js';

// ajv ships CommonJS; under NodeNext its default export is the module namespace.
const Ajv = AjvModule as unknown as typeof AjvModule.default;

/**
 * A validator for one of the shipped schemas (schemas/<name>.schema.json, generated from the TypeBox
 * definitions and checked by a test), compiled on first use: loading TypeBox and compiling at
 * start-up would cost a command that never needs it.
 */
export function lazyValidator<T>(name: 'snapshot' | 'config'): (value: unknown) => { ok: true; value: T } | { ok: false; errors: ErrorObject[] } {
  let validate: ValidateFunction<T> | undefined;
  return (value) => {
    if (!validate) {
      const schema = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
      delete schema.$schema;
      validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<T>(schema);
    }
    return validate(value) ? { ok: true, value } : { ok: false, errors: validate.errors ?? [] };
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
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
  return out || '(top level)';
}

/** Picks the most specific error and phrases it; `locate` maps a path to a 1-based line where the source allows. */
export function describeErrors(
  errors: readonly ErrorObject[],
  locate?: (segments: PathSegment[]) => number | undefined,
): { path: string; line: number | undefined; message: string } {
  const deepest = Math.max(...errors.map((e) => pointerToSegments(e.instancePath).length));
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

/** Line lookup for YAML or JSON text (JSON is YAML), used only when reporting an error. */
export function lineLocator(text: string): (segments: PathSegment[]) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (segments) => {
    for (let n = segments.length; n >= 0; n--) {
      const node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
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
