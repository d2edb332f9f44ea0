// Finds, parses and validates the configuration; every problem becomes one InputError line naming file, line and path.
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { InputError } from '../util/errors.js';
import { describeErrors, formatPath, jsonLineLocator, lazyValidator, parseJson, yamlLineLocator, yamlModule } from '../util/validate.js';
import { dsnHasPassword, parseDsn } from '../util/dsn.js';
import { parseResourceId } from '../util/azure-id.js';
import { namesSomeRule } from '../util/rule-pattern.js';
import type { Config } from './types.js';

export const CONFIG_FILE_NAMES = ['pgl-preflight.yaml', 'pgl-preflight.yml', 'pgl-preflight.json'];

const validateConfig = lazyValidator<Config>('config');

export interface LoadedConfig {
  path: string;
  config: Config;
}

/** The config named with --config, or the first default name found in `cwd`; undefined when none exists. */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit) return resolve(cwd, explicit);
  for (const path of CONFIG_FILE_NAMES.map((n) => resolve(cwd, n))) {
    if (existsSync(path)) return path;
    // A default name that is a broken link is a config the user meant to use: say so, never skip it.
    if (isLink(path)) throw new InputError(`${path}: cannot read config file (a link to a missing file)`);
  }
  return undefined;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * .json is strict JSON; .yaml/.yml (and anything else) is YAML. Warnings are errors: no half-read config.
 * Returns the value and a line lookup for error messages (the YAML document is parsed once for both).
 */
function parseConfigText(text: string, path: string): { data: unknown; locate: (segments: (string | number)[]) => number | undefined } {
  if (extname(path).toLowerCase() === '.json') return { data: parseJson(text, path), locate: jsonLineLocator(text) };
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    prettyErrors: true,
    uniqueKeys: true,
    logLevel: 'silent',
    lineCounter,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line;
    // The first line only, without the source excerpt: the line may hold a secret.
    const reason = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${path}${line ? `:${line}` : ''}: not valid YAML: ${reason}`);
  }
  try {
    return { data: doc.toJS(), locate: yamlLineLocator(doc, lineCounter) };
  } catch (err) {
    // yaml refuses an alias bomb (aliases that expand exponentially) while building the value.
    throw new InputError(`${path}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * A config names a few servers and rules: a file this large is not one (a snapshot or a log given by
 * mistake), and parsing megabytes of YAML takes longer than any check.
 */
export const MAX_CONFIG_BYTES = 256 * 1024;

type Fail = (segments: (string | number)[], message: string) => never;

/** A Terraform address of a flexible server, module path and instance key allowed (nodes[].server with --plan). */
const TERRAFORM_SERVER_ADDRESS =
  /^(module\.[A-Za-z0-9_-]+(\[[^\]]+\])?\.)*azurerm_postgresql_flexible_server\.[A-Za-z0-9_-]+(\[[^\]]+\])?$/;

export interface LoadConfigOptions {
  /** check/collect --plan: nodes may be omitted and named by Terraform address. */
  plan?: boolean;
}

export function loadConfig(path: string, knownRuleIds: readonly string[], options: LoadConfigOptions = {}): LoadedConfig {
  const { data, locate } = parseConfigText(readConfigText(path), path);
  const fail: Fail = (segments, message) => {
    const line = locate(segments);
    throw new InputError(`${path}${line ? `:${line}` : ''}: ${formatPath(segments)}: ${message}`);
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail([], 'expected a mapping with database and nodes');
  const checked = validateConfig(data);
  if (!checked.ok) {
    const d = describeErrors(checked.errors, locate);
    throw new InputError(`${path}${d.line ? `:${d.line}` : ''}: ${d.path}: ${d.message}`);
  }
  const config = checked.value;
  if (!config.nodes && !options.plan) fail([], 'nodes: required (at least two nodes), unless --plan names the servers');
  checkNodes(config, fail, options);
  checkRules(config, knownRuleIds, fail);
  return { path, config };
}

function readConfigText(path: string): string {
  try {
    const size = statSync(path).size;
    if (size > MAX_CONFIG_BYTES)
      throw new InputError(
        `${path}: ${Math.ceil(size / 1024)} KB is too large for a config file (the limit is ${MAX_CONFIG_BYTES / 1024} KB)`,
      );
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: cannot read config file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** What the schema cannot say about nodes: unique names, a flexible server id, a DSN without a password. */
function checkNodes(config: Config, fail: Fail, options: LoadConfigOptions): void {
  const seen = new Set<string>();
  (config.nodes ?? []).forEach((node, i) => {
    if (seen.has(node.name)) fail(['nodes', i, 'name'], `duplicate node name "${node.name}"`);
    seen.add(node.name);
    if (node.server !== undefined && !(options.plan && TERRAFORM_SERVER_ADDRESS.test(node.server))) {
      const parts = parseResourceId(node.server);
      if (parts?.provider.toLowerCase() !== 'microsoft.dbforpostgresql' || parts.types.join('/').toLowerCase() !== 'flexibleservers') {
        fail(
          ['nodes', i, 'server'],
          'expected /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.DBforPostgreSQL/flexibleServers/<name>',
        );
      }
    }
    if (node.connection !== undefined) {
      // Never echo the DSN: it may hold the very secret we are refusing.
      if (dsnHasPassword(node.connection))
        fail(['nodes', i, 'connection'], 'contains a password; use passwordEnv, PGPASSWORD or ~/.pgpass instead');
      try {
        parseDsn(node.connection);
      } catch (err) {
        fail(['nodes', i, 'connection'], `not a libpq connection string: ${(err as Error).message}`);
      }
    }
  });
}

/** Severity overrides and suppressions name rules by the patterns --rule takes; each must name a rule. */
function checkRules(config: Config, knownRuleIds: readonly string[], fail: Fail): void {
  for (const pattern of Object.keys(config.rules ?? {})) {
    if (!namesSomeRule(knownRuleIds, pattern)) fail(['rules', pattern], `unknown rule "${pattern}"`);
  }
  (config.suppressions ?? []).forEach((s, i) => {
    if (!namesSomeRule(knownRuleIds, s.rule)) fail(['suppressions', i, 'rule'], `unknown rule "${s.rule}"`);
    if (s.expires !== undefined && Number.isNaN(Date.parse(s.expires))) fail(['suppressions', i, 'expires'], 'not a date');
  });
}
