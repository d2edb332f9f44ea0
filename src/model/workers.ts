// The background-worker budget of one node: what pglogical, PostgreSQL and other extensions need from
// max_worker_processes. Observed facts (SQL) are used where present; otherwise the topology gives an estimate.
import type { NodeView } from './node-view.js';
import type { BackgroundWorker } from '../snapshot/types.js';
import { parseInteger, parseList, readLimit, type LimitReading } from './settings.js';
import { sumOf } from './terms.js';

export type Basis = 'fixed' | 'observed' | 'estimated' | 'setting';

export interface WorkerTerm {
  label: string;
  count: number;
  basis: Basis;
}

export interface WorkerBudget {
  terms: WorkerTerm[];
  need: number;
  /** The running value, or ARM's saved value waiting for a restart, or not reported. */
  maxWorkerProcesses: LimitReading;
}

/** Extensions known to hold a background worker of their own when preloaded. */
const PRELOADED_WORKERS: Record<string, { count: number; label: string }> = {
  pg_cron: { count: 1, label: 'pg_cron launcher' },
  pg_partman_bgw: { count: 1, label: 'pg_partman background worker' },
  timescaledb: { count: 2, label: 'TimescaleDB launcher and scheduler' },
};

export type WorkerKind =
  'pglogical-supervisor' | 'pglogical-manager' | 'pglogical-apply' | 'pglogical-sync' | 'launcher' | 'parallel' | 'other';

/** Classifies pg_stat_activity.backend_type of a background worker. */
export function workerKind(backendType: string): WorkerKind {
  const t = backendType.toLowerCase();
  if (t.startsWith('pglogical supervisor')) return 'pglogical-supervisor';
  if (t.startsWith('pglogical manager')) return 'pglogical-manager';
  if (t.startsWith('pglogical apply')) return 'pglogical-apply';
  if (t.startsWith('pglogical sync')) return 'pglogical-sync';
  if (t === 'logical replication launcher') return 'launcher';
  if (t === 'parallel worker') return 'parallel';
  return 'other';
}

function countKind(workers: readonly BackgroundWorker[], kind: WorkerKind): number {
  return workers.filter((w) => workerKind(w.backendType) === kind).reduce((s, w) => s + w.count, 0);
}

export function workerBudget(node: Pick<NodeView, 'postgres' | 'settings' | 'facts'>, otherNodes: number): WorkerBudget {
  const pg = node.postgres;
  const settings = node.settings;
  const terms: WorkerTerm[] = [{ label: 'pglogical supervisor', count: 1, basis: 'fixed' }];

  terms.push(managerTerm(node));

  const subscriptions = pg?.pglogical?.subscriptions;
  if (subscriptions) {
    const enabled = subscriptions.filter((s) => s.enabled);
    const syncing = enabled.filter((s) => (s.syncStatus !== undefined && s.syncStatus !== 'r') || (s.tablesSyncing ?? 0) > 0);
    terms.push({ label: `pglogical apply per enabled subscription (${enabled.length})`, count: enabled.length, basis: 'observed' });
    terms.push({ label: `pglogical sync per subscription now syncing (${syncing.length})`, count: syncing.length, basis: 'observed' });
  } else {
    terms.push({ label: `pglogical apply per subscription (one per other node: ${otherNodes})`, count: otherNodes, basis: 'estimated' });
    terms.push({ label: `pglogical sync per subscription during the initial sync (${otherNodes})`, count: otherNodes, basis: 'estimated' });
  }

  // PostgreSQL registers its logical replication launcher unless max_logical_replication_workers = 0
  // (ApplyLauncherRegister). A saved 0 waiting for a restart does not remove the running launcher.
  const logicalWorkers = parseInteger(settings.get('max_logical_replication_workers')?.running);
  terms.push({ label: 'PostgreSQL logical replication launcher', count: logicalWorkers === 0 ? 0 : 1, basis: 'setting' });

  const workers = pg?.backgroundWorkers;
  if (workers) {
    const others = workers.filter((w) => workerKind(w.backendType) === 'other');
    const count = others.reduce((s, w) => s + w.count, 0);
    const names = [...new Set(others.map((w) => w.backendType))].join(', ');
    terms.push({ label: `other extensions' workers running${names ? ` (${names})` : ''}`, count, basis: 'observed' });
  } else {
    const preloaded = parseList(settings.get('shared_preload_libraries')?.value);
    const known = preloaded.filter((lib) => PRELOADED_WORKERS[lib]);
    terms.push({
      label: `other extensions' workers${known.length ? ` (${known.map((l) => PRELOADED_WORKERS[l]!.label).join(', ')})` : ''}`,
      count: known.reduce((s, l) => s + PRELOADED_WORKERS[l]!.count, 0),
      basis: 'estimated',
    });
  }

  // Parallel query draws from the same pool: leave room for at least one parallel query.
  const perGather = parseInteger(settings.get('max_parallel_workers_per_gather')?.value) ?? 2;
  const maxParallel = parseInteger(settings.get('max_parallel_workers')?.value) ?? 8;
  terms.push({
    label: 'parallel query headroom (max_parallel_workers_per_gather)',
    count: Math.min(perGather, maxParallel),
    basis: 'setting',
  });

  return {
    terms,
    need: sumOf(terms),
    maxWorkerProcesses: readLimit(settings, 'max_worker_processes'),
  };
}

/** Connectable in every PostgreSQL cluster unless changed: template1 (initdb); template0 never accepts connections. */
const TEMPLATE_CONNECTABLE: Readonly<Record<string, boolean>> = { template1: true, template0: false };

/**
 * One pglogical manager per database that accepts connections: the supervisor's start_manager_workers
 * (pglogical.c) registers a manager for every pg_database row with datallowconn, whether or not pglogical
 * is installed there (the manager exits afterwards if it is not, but needs its worker slot to start).
 * Over SQL pg_database says which databases; without SQL the server's database list from ARM
 * (Databases_ListByServer) names them, with the template databases at their PostgreSQL defaults.
 */
function managerTerm(node: Pick<NodeView, 'postgres' | 'facts'>): WorkerTerm {
  const label = 'pglogical manager per connectable database';
  const observed = node.postgres?.databases?.filter((d) => d.allowConnections);
  if (observed) return { label: `${label} (${observed.map((d) => d.name).join(', ')})`, count: observed.length, basis: 'observed' };
  const fromArm = node.facts.azure?.databases;
  if (fromArm?.ok) {
    const names = new Set(fromArm.data.filter((name) => TEMPLATE_CONNECTABLE[name] !== false));
    const assumed = Object.keys(TEMPLATE_CONNECTABLE).filter((t) => TEMPLATE_CONNECTABLE[t] && !names.has(t));
    assumed.forEach((t) => names.add(t));
    const note = assumed.length ? `; ${assumed.join(', ')} connectable by default` : '';
    return {
      label: `${label} (from ARM: ${[...names].filter((n) => !assumed.includes(n)).join(', ')}${note})`,
      count: names.size,
      basis: 'observed',
    };
  }
  return { label: `${label} (estimated: the replicated database, postgres, template1)`, count: 3, basis: 'estimated' };
}

/** Subscriptions that are down while no apply worker runs at all: the budget is the likely cause. */
export function downWithoutApplyWorker(node: Pick<NodeView, 'postgres'>): string[] {
  const pg = node.postgres;
  if (!pg?.pglogical || !pg.backgroundWorkers) return [];
  const applying = countKind(pg.backgroundWorkers, 'pglogical-apply');
  const down = pg.pglogical.subscriptions.filter((s) => s.enabled && s.status === 'down').map((s) => s.name);
  return applying === 0 ? down : [];
}
