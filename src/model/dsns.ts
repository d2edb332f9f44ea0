// Every DSN the snapshot knows that leads to a node: its configured connection, and the pglogical
// subscription DSNs of the other nodes that name it as provider.
import type { Snapshot } from '../snapshot/types.js';
import { parseDsn } from '../util/dsn.js';
import { snapshotIndex, topologyNode } from './snapshot-index.js';

export interface DsnHost {
  /** Where the DSN came from, for messages: "connection of node_a", "subscription sub_b_a on node_b". */
  where: string;
  host: string;
  hostaddr?: string;
}

export function dsnHostsTo(snapshot: Snapshot, node: string): DsnHost[] {
  const out: DsnHost[] = [];
  const add = (where: string, dsn: string | undefined) => {
    if (!dsn) return;
    try {
      const p = parseDsn(dsn);
      const host = p.host ?? p.hostaddr;
      if ((p.host || p.hostaddr) && host !== undefined) out.push({ where, host, ...(p.hostaddr ? { hostaddr: p.hostaddr } : {}) });
    } catch {
      // An unparsable DSN is reported by the rules that read DSNs in full.
    }
  };
  add(`connection of ${node}`, topologyNode(snapshot, node)?.connection);
  for (const { other, name, dsn } of subscriptionDsnsByProviderNode(snapshot).get(node) ?? []) add(`subscription ${name} on ${other}`, dsn);
  return out;
}

/** Subscription DSNs by the pglogical provider node name they name, in snapshot order: one scan per run, not one per node. */
function subscriptionDsnsByProviderNode(snapshot: Snapshot): Map<string, { other: string; name: string; dsn: string | undefined }[]> {
  return snapshotIndex(snapshot, 'subscription-dsns-by-provider-node', (s) => {
    const index = new Map<string, { other: string; name: string; dsn: string | undefined }[]>();
    for (const [other, facts] of Object.entries(s.nodes)) {
      if (!facts.postgres?.ok) continue;
      for (const sub of facts.postgres.data.pglogical?.subscriptions ?? []) {
        if (sub.providerNode === undefined) continue;
        const list = index.get(sub.providerNode);
        const entry = { other, name: sub.name, dsn: sub.providerDsn };
        if (list) list.push(entry);
        else index.set(sub.providerNode, [entry]);
      }
    }
    return index;
  });
}
