// Replication capacity of a provider: slots and WAL senders it must hold for its subscribers,
// table resyncs, HA standby and read replicas.
import type { NodeView } from './node-view.js';
import { readLimit, type LimitReading } from './settings.js';
import { sumOf } from './terms.js';

export interface CapacityTerm {
  label: string;
  count: number;
}

export interface CapacityNeed {
  terms: CapacityTerm[];
  need: number;
  /** Running values, or ARM's saved values waiting for a restart, or not reported. */
  maxReplicationSlots: LimitReading;
  maxWalSenders: LimitReading;
}

/** `subscribers` is the number of other nodes in the mesh: each one keeps a slot and a walsender on this node. */
export function replicationCapacity(node: Pick<NodeView, 'server' | 'settings'>, subscribers: number): CapacityNeed {
  const terms: CapacityTerm[] = [
    { label: `pglogical subscribers (${subscribers} other node${subscribers === 1 ? '' : 's'})`, count: subscribers },
    { label: 'one more per subscriber while a table resyncs', count: subscribers },
  ];
  const ha = node.server?.highAvailability?.mode;
  if (ha && ha.toLowerCase() !== 'disabled') terms.push({ label: `high availability standby (${ha})`, count: 1 });
  const replicas = node.server?.readReplicaCount ?? 0;
  if (replicas > 0) terms.push({ label: `read replicas (${replicas})`, count: replicas });
  return {
    terms,
    need: sumOf(terms),
    maxReplicationSlots: readLimit(node.settings, 'max_replication_slots'),
    maxWalSenders: readLimit(node.settings, 'max_wal_senders'),
  };
}
