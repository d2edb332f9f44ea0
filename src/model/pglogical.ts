// pglogical facts shared by several rules.
import { targetId, type Target } from './targets.js';
import type { PglogicalSubscription, PostgresFacts, ReplicationSet, Snapshot, TableFacts } from '../snapshot/types.js';
import type { SettingsView } from './settings.js';
import { snapshotIndex, topologyNode } from './snapshot-index.js';

/** pglogical's default when the GUC is not set (pglogical.c: conflict_resolution = apply_remote). */
export const DEFAULT_CONFLICT_RESOLUTION = 'apply_remote';

export function conflictResolution(settings: SettingsView): string {
  return settings.get('pglogical.conflict_resolution')?.value.trim().toLowerCase() || DEFAULT_CONFLICT_RESOLUTION;
}

function sqlFacts(snapshot: Snapshot, node: string): PostgresFacts | undefined {
  const slice = snapshot.nodes[node]?.postgres;
  return slice?.ok ? slice.data : undefined;
}

/**
 * One target per subscription (`node_a:sub_node_a_node_b`); a node whose SQL facts are missing
 * yields a node target instead, so that `requires` reports it as not checked rather than silent.
 */
export function selectSubscriptions(snapshot: Snapshot): Target[] {
  // One list per run, shared by the subscription rules.
  return snapshotIndex(snapshot, 'subscription-targets', (s) =>
    s.topology.nodes.flatMap((n): Target[] => {
      const pg = sqlFacts(s, n.name);
      if (!pg) return [{ kind: 'node', node: n.name }];
      return (pg.pglogical?.subscriptions ?? []).map((sub) => ({ kind: 'object', node: n.name, object: sub.name }));
    }),
  );
}

/** One target per table in a replication set (`node_a:public.orders`), node targets where SQL is missing. */
export function selectReplicatedTables(snapshot: Snapshot): Target[] {
  return snapshot.topology.nodes.flatMap((n): Target[] => {
    const pg = sqlFacts(snapshot, n.name);
    if (!pg) return [{ kind: 'node', node: n.name }];
    const tables = new Set((pg.pglogical?.replicationSets ?? []).flatMap((s) => s.tables));
    return [...tables].sort().map((t) => ({ kind: 'object', node: n.name, object: t }));
  });
}

/** The subscription a `selectSubscriptions` target names (a node target there has no SQL facts, so `requires` stops it first). */
export function subscriptionOf(snapshot: Snapshot, target: Target): PglogicalSubscription {
  const sub =
    target.kind === 'object'
      ? perNode(snapshot, 'subscriptions-by-name', target.node, (subs) => {
          const byName = new Map<string, PglogicalSubscription>();
          for (const sub of subs) if (!byName.has(sub.name)) byName.set(sub.name, sub);
          return byName;
        }).get(target.object)
      : undefined;
  if (!sub) throw new Error(`target ${targetId(target)} is not a subscription of the snapshot`);
  return sub;
}

/** The topology node a subscription's provider is: by pglogical node name, else by topology name. */
export function providerNodeOf(snapshot: Snapshot, sub: PglogicalSubscription): string | undefined {
  if (sub.providerNode === undefined) {
    // Nothing to look up: as a scan comparing undefined with undefined, a node without a localNode matches.
    return snapshot.topology.nodes.find((n) => sqlFacts(snapshot, n.name)?.pglogical?.localNode === undefined)?.name;
  }
  const byLocalNode = snapshotIndex(snapshot, 'nodes-by-local-node', (s) => {
    const index = new Map<string, string>();
    for (const n of s.topology.nodes) {
      const local = sqlFacts(s, n.name)?.pglogical?.localNode;
      if (local !== undefined && !index.has(local)) index.set(local, n.name);
    }
    return index;
  });
  return byLocalNode.get(sub.providerNode) ?? topologyNode(snapshot, sub.providerNode)?.name;
}

/** The subscriptions of `subscriber` whose provider is the topology node `provider`, in subscription order. */
export function subscriptionsTo(snapshot: Snapshot, subscriber: string, provider: string): readonly PglogicalSubscription[] {
  return (
    perNode(snapshot, 'subscriptions-by-provider', subscriber, (subs) => {
      const byProvider = new Map<string, PglogicalSubscription[]>();
      for (const sub of subs) {
        const p = providerNodeOf(snapshot, sub);
        if (p === undefined) continue;
        const list = byProvider.get(p);
        if (list) list.push(sub);
        else byProvider.set(p, [sub]);
      }
      return byProvider;
    }).get(provider) ?? []
  );
}

/** Every subscription whose provider is `provider`, with its subscriber, in topology and subscription order. */
export function subscriptionsOfProvider(snapshot: Snapshot, provider: string): readonly { node: string; sub: PglogicalSubscription }[] {
  const index = snapshotIndex(snapshot, 'subscriptions-of-provider', (s) => {
    const byProvider = new Map<string, { node: string; sub: PglogicalSubscription }[]>();
    for (const n of s.topology.nodes) {
      for (const sub of sqlFacts(s, n.name)?.pglogical?.subscriptions ?? []) {
        const p = providerNodeOf(s, sub);
        if (p === undefined) continue;
        const list = byProvider.get(p);
        if (list) list.push({ node: n.name, sub });
        else byProvider.set(p, [{ node: n.name, sub }]);
      }
    }
    return byProvider;
  });
  return index.get(provider) ?? [];
}

/** A per-node index over a node's subscriptions, built the first time that node is asked about in a run. */
function perNode<T>(snapshot: Snapshot, name: string, node: string, build: (subs: readonly PglogicalSubscription[]) => T): T {
  const byNode = snapshotIndex(snapshot, name, () => new Map<string, T>());
  let index = byNode.get(node);
  if (index === undefined) byNode.set(node, (index = build(sqlFacts(snapshot, node)?.pglogical?.subscriptions ?? [])));
  return index;
}

/**
 * One node's tables by `schema.name`, and the replication sets holding each table, built once per
 * node and run: the per-table rules look up every table of the other nodes, and a scan per lookup
 * made 20,000 tables take a minute. Lookups answer exactly what a first-match scan would.
 */
export interface TableLookup {
  /** The first table whose `schema.name` or `"schema"."name"` (both forms name tables in snapshots) equals `qualified`. */
  table(qualified: string): TableFacts | undefined;
  /** The replication sets that list `qualified`, in the order of the facts. */
  setsWithTable(qualified: string): readonly ReplicationSet[];
}

export function tableLookup(pg: PostgresFacts | undefined): TableLookup {
  let plain: Map<string, number> | undefined;
  let quoted: Map<string, number> | undefined;
  let sets: Map<string, ReplicationSet[]> | undefined;
  const tables = pg?.tables ?? [];
  const firstPositions = (key: (t: TableFacts) => string) => {
    const map = new Map<string, number>();
    tables.forEach((t, i) => {
      const k = key(t);
      if (!map.has(k)) map.set(k, i);
    });
    return map;
  };
  return {
    table(qualified) {
      plain ??= firstPositions((t) => `${t.schema}.${t.name}`);
      let at = plain.get(qualified);
      // The quoted index is built only when a name looks quoted: most snapshots never need it.
      if (qualified.startsWith('"')) {
        quoted ??= firstPositions((t) => `"${t.schema}"."${t.name}"`);
        const q = quoted.get(qualified);
        if (q !== undefined && (at === undefined || q < at)) at = q;
      }
      return at === undefined ? undefined : tables[at];
    },
    setsWithTable(qualified) {
      if (!sets) {
        sets = new Map();
        for (const set of pg?.pglogical?.replicationSets ?? []) {
          for (const table of new Set(set.tables)) {
            const list = sets.get(table);
            if (list) list.push(set);
            else sets.set(table, [set]);
          }
        }
      }
      return sets.get(qualified) ?? [];
    },
  };
}

export function pglogicalOf(snapshot: Snapshot, node: string) {
  return sqlFacts(snapshot, node)?.pglogical;
}

/**
 * The index through which pglogical's apply worker finds the row of a replicated UPDATE or DELETE,
 * or undefined when there is none. pglogical_tuple_find_replidx (pglogical_conflict.c) uses
 * RelationGetReplicaIndex and errors "could not find REPLICA IDENTITY index" without one; PostgreSQL
 * (relcache.c, RelationGetIndexList) gives the primary key under REPLICA IDENTITY DEFAULT, the marked
 * index under USING INDEX, and no index under FULL or NOTHING, even when the table has a primary key.
 */
export function replicaIdentityIndex(
  table: Pick<TableFacts, 'replicaIdentity' | 'primaryKey' | 'hasReplicaIdentityIndex'>,
): 'primary key' | 'index' | undefined {
  if (table.replicaIdentity === 'd') return (table.primaryKey?.length ?? 0) > 0 ? 'primary key' : undefined;
  if (table.replicaIdentity === 'i') return table.hasReplicaIdentityIndex ? 'index' : undefined;
  return undefined;
}

/** What a subscriber receives of its provider's replication sets. */
export interface SetCoverage {
  /** Sets the subscription names that the provider does not have. */
  unknownSets: string[];
  /** Provider tables held only in sets that none of `subscribedSets` names, with those sets. */
  uncovered: { table: string; sets: string[] }[];
}

/**
 * The provider's output plugin sends a table's changes only when one of the table's sets is among
 * the subscription's (pglogical_repset.c get_table_replication_info, called by
 * pglogical_change_filter in pglogical_output_plugin.c); a set name the provider lacks makes its
 * walsender fail at startup (pglogical_output_config.c: get_replication_sets(..., missing_ok=false)).
 */
export function setCoverage(
  providerSets: readonly ReplicationSet[],
  subscriptionSets: readonly string[],
  subscribedSets: readonly string[],
): SetCoverage {
  const unknownSets = subscriptionSets.filter((name) => !providerSets.some((s) => s.name === name));
  const setsOfTable = new Map<string, string[]>();
  for (const set of providerSets) for (const table of set.tables) setsOfTable.set(table, [...(setsOfTable.get(table) ?? []), set.name]);
  const uncovered = [...setsOfTable]
    .filter(([, sets]) => !sets.some((name) => subscribedSets.includes(name)))
    .map(([table, sets]) => ({ table, sets: sets.sort() }))
    .sort((a, b) => a.table.localeCompare(b.table));
  return { unknownSets, uncovered };
}
