// Server parameters as the rules see them: the live SQL value when the node was reachable,
// otherwise the value Azure Resource Manager reports, so a CI runner outside the VNET still gets an answer.
//
// Running vs saved: pg_settings.setting is the value in effect now, even while pending_restart says the
// configuration holds another one (PostgreSQL docs, "pg_settings": setting = "current value",
// pending_restart = "changed in the configuration file but needs a restart"). ARM's `value` is the
// saved value; with isConfigPendingRestart it is "pending a server restart for it to take effect"
// (Microsoft.DBforPostgreSQL configurations, isConfigPendingRestart), so the server still runs with an
// earlier value that ARM does not report. `running` says which of the two a rule may rely on.
import type { NodeFacts } from '../snapshot/types.js';

export type SettingSource = 'sql' | 'arm';

export interface EffectiveSetting {
  name: string;
  /** The value the source reports: the running value from SQL, the saved value from ARM. */
  value: string;
  source: SettingSource;
  pendingRestart: boolean;
  /**
   * The value in effect now, when known: always from SQL; from ARM only when no restart is pending.
   * Undefined means ARM's saved `value` waits for a restart and the server runs with a different one.
   */
  running: string | undefined;
  /** The platform default, known only from ARM. */
  defaultValue?: string;
  /** What the configuration files asked for when the server refused it (SQL only). */
  rejectedValue?: string;
}

export interface SettingsView {
  get(name: string): EffectiveSetting | undefined;
  /** Where most values came from: 'sql' when the SQL slice is usable. */
  primarySource: SettingSource | undefined;
}

export function effectiveSettings(facts: NodeFacts | undefined): SettingsView {
  const sql = facts?.postgres?.ok ? facts.postgres.data.settings : undefined;
  const arm = facts?.azure?.parameters?.ok ? facts.azure.parameters.data : undefined;
  const armLookup = arm ? lowerCaseKeys(arm) : undefined;
  return {
    primarySource: sql ? 'sql' : arm ? 'arm' : undefined,
    get(name) {
      const key = name.toLowerCase();
      const fromArm = armLookup?.get(key);
      const fromSql = sql?.[key] ?? sql?.[name];
      if (fromSql) {
        return {
          name: key,
          value: fromSql.value,
          source: 'sql',
          pendingRestart: fromSql.pendingRestart === true,
          running: fromSql.value,
          ...(fromSql.rejected ? { rejectedValue: fromSql.rejected.value } : {}),
          ...(fromArm?.defaultValue !== undefined ? { defaultValue: fromArm.defaultValue } : {}),
        };
      }
      if (fromArm) {
        return {
          name: key,
          value: fromArm.value,
          source: 'arm',
          pendingRestart: fromArm.isConfigPendingRestart === true,
          running: fromArm.isConfigPendingRestart === true ? undefined : fromArm.value,
          ...(fromArm.defaultValue !== undefined ? { defaultValue: fromArm.defaultValue } : {}),
        };
      }
      return undefined;
    },
  };
}

/** True when only a saved value is known: ARM reports it and a restart is pending (the running value differs). */
export function savedNotRunning(setting: EffectiveSetting | undefined): setting is EffectiveSetting & { running: undefined } {
  return setting !== undefined && setting.running === undefined;
}

/** An integer limit (max_worker_processes, max_replication_slots, ...) as a rule may rely on it. */
export type LimitReading =
  | { state: 'running'; value: number; source: SettingSource }
  /** ARM's saved value waits for a restart: the server runs with another one that is not reported. */
  | { state: 'saved'; value: number; source: SettingSource }
  | { state: 'not-reported' };

export function readLimit(settings: SettingsView, name: string): LimitReading {
  const setting = settings.get(name);
  const value = parseInteger(setting?.value);
  if (!setting || value === undefined) return { state: 'not-reported' };
  return { state: savedNotRunning(setting) ? 'saved' : 'running', value, source: setting.source };
}

/** `16` or `saved as 16 (from arm), not in effect until a restart` for messages. */
export function describeLimit(reading: LimitReading): string {
  if (reading.state === 'not-reported') return 'not reported';
  return reading.state === 'saved'
    ? `saved as ${reading.value} (from ${reading.source}), not in effect until a restart`
    : String(reading.value);
}

/** `"logical" (from sql)` or `saved as "logical" (from arm) and not in effect until a restart` for messages. */
export function describeSetting(setting: EffectiveSetting): string {
  return savedNotRunning(setting)
    ? `saved as "${setting.value}" (from ${setting.source}) and not in effect until a restart`
    : `"${setting.value}" (from ${setting.source})`;
}

function lowerCaseKeys<T>(record: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * `pg_cron, "pglogical"` -> ['pg_cron', 'pglogical']: a comma list as PostgreSQL and ARM spell it.
 * Case is kept: shared_preload_libraries entries are file names (SplitDirectoriesString).
 */
export function parseList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) =>
      s
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    )
    .filter((s) => s.length > 0);
}

/** An identifier list (SplitIdentifierString): unquoted names fold to lower case, quoted ones keep theirs. */
export function parseIdentifierList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .map((s) => (/^".*"$/.test(s) ? s.slice(1, -1) : s.toLowerCase()))
    .filter((s) => s.length > 0);
}

export function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(v)) return true;
  if (['off', 'false', 'no', '0'].includes(v)) return false;
  return undefined;
}

export function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  return Number.isInteger(n) ? n : undefined;
}
