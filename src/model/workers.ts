// The background-worker budget of one node: what pglogical, PostgreSQL and other extensions need from
// max_worker_processes. Observed facts (SQL) are used where present; otherwise the topology gives an estimate.
import type { NodeView } from '../engine/facts.js';
import type { BackgroundWorker } from '../snapshot/types.js';
import { parseInteger, parseList } from './settings.js';

export type Basis = 'fixed' | 'observed' | 'estimated' | 'setting';

export interface WorkerTerm {
  label: string;
  count: number;
  basis: Basis;
}

export interface WorkerBudget {
  terms: WorkerTerm[];
  need: number;
  maxWorkerProcesses: number | undefined;
}

/** Extensions known to hold a background worker of their own when preloaded. */
const PRELOADED_WORKERS: Record<string, { count: number; label: string }> = {
  pg_cron: { count: 1, label: 'pg_cron launcher' },
  pg_partman_bgw: { count: 1, label: 'pg_partman background worker' },
  timescaledb: { count: 2, label: 'TimescaleDB launcher and scheduler' },
};

export type WorkerKind = 'pglogical-supervisor' | 'pglogical-manager' | 'pglogical-apply' | 'pglogical-sync' | 'launcher' | 'parallel' | 'other';

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

export function workerBudget(node: NodeView, otherNodes: number): WorkerBudget {
  const pg = node.postgres;
  const settings = node.settings;
  const terms: WorkerTerm[] = [{ label: 'pglogical supervisor', count: 1, basis: 'fixed' }];

  // One manager per database that accepts connections: the supervisor starts one in each.
  const databases = pg?.databases?.filter((d) => d.allowConnections);
  terms.push(
    databases
      ? { label: `pglogical manager per connectable database (${databases.map((d) => d.name).join(', ')})`, count: databases.length, basis: 'observed' }
      : { label: 'pglogical manager per connectable database (estimated: the replicated database, postgres, template1)', count: 3, basis: 'estimated' },
  );

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

  const logicalWorkers = parseInteger(settings.get('max_logical_replication_workers')?.value);
  // PostgreSQL registers its logical replication launcher unless max_logical_replication_workers = 0.
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
  terms.push({ label: 'parallel query headroom (max_parallel_workers_per_gather)', count: Math.min(perGather, maxParallel), basis: 'setting' });

  return {
    terms,
    need: terms.reduce((s, t) => s + t.count, 0),
    maxWorkerProcesses: parseInteger(settings.get('max_worker_processes')?.value),
  };
}

/** Subscriptions that are down while no apply worker runs at all: the budget is the likely cause. */
export function downWithoutApplyWorker(node: NodeView): string[] {
  const pg = node.postgres;
  if (!pg?.pglogical || !pg.backgroundWorkers) return [];
  const applying = countKind(pg.backgroundWorkers, 'pglogical-apply');
  const down = pg.pglogical.subscriptions.filter((s) => s.enabled && s.status === 'down').map((s) => s.name);
  return applying === 0 ? down : [];
}

export function budgetArithmetic(terms: readonly WorkerTerm[]): string {
  const total = terms.reduce((s, t) => s + t.count, 0);
  return `${terms.map((t) => `${t.count} ${t.label}${t.basis === 'estimated' ? ' [estimated]' : ''}`).join(' + ')} = ${total}`;
}
