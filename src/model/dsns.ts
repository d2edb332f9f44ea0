// Every DSN the snapshot knows that leads to a node: its configured connection, and the pglogical
// subscription DSNs of the other nodes that name it as provider.
import type { Snapshot } from '../snapshot/types.js';
import { parseDsn } from '../util/dsn.js';

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
      if (p.host || p.hostaddr) out.push({ where, host: p.host ?? p.hostaddr!, ...(p.hostaddr ? { hostaddr: p.hostaddr } : {}) });
    } catch {
      // An unparsable DSN is reported by the rules that read DSNs in full.
    }
  };
  add(`connection of ${node}`, snapshot.topology.nodes.find((n) => n.name === node)?.connection);
  for (const [other, facts] of Object.entries(snapshot.nodes)) {
    if (!facts.postgres?.ok) continue;
    for (const sub of facts.postgres.data.pglogical?.subscriptions ?? []) {
      if (sub.providerNode === node) add(`subscription ${sub.name} on ${other}`, sub.providerDsn);
    }
  }
  return out;
}
