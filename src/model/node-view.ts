// One node's facts as rules and model functions read them. Lives in the model so that the model needs
// nothing from the engine (the engine decides which of these fields a rule may read: src/engine/facts.ts).
import type { FlexibleServer, NodeFacts, NodeRef, PostgresFacts, ServerParameter, Snapshot } from '../snapshot/types.js';
import { effectiveSettings, type SettingsView } from './settings.js';
import { nodeNetwork, type NodeNetwork } from './network.js';
import { tableLookup, type TableLookup } from './pglogical.js';
import { topologyNode } from './snapshot-index.js';

/** Read-only view of one node's facts, handed to rules. */
export interface NodeView {
  name: string;
  ref: NodeRef;
  facts: NodeFacts;
  server: FlexibleServer | undefined;
  parameters: Record<string, ServerParameter> | undefined;
  postgres: PostgresFacts | undefined;
  settings: SettingsView;
  isAzure: boolean;
  /** Subnet, VNET, NSG, route table, zone and address; undefined unless 'azure.network' is available. */
  network: NodeNetwork | undefined;
  /** The SQL facts' tables by name, and the sets holding each (indexed on first use). */
  tables: TableLookup;
}

export function nodeView(snapshot: Snapshot, name: string): NodeView {
  const ref = topologyNode(snapshot, name) ?? { name };
  const facts = snapshot.nodes[name] ?? {};
  const server = facts.azure?.server.ok ? facts.azure.server.data : undefined;
  const postgres = facts.postgres?.ok ? facts.postgres.data : undefined;
  return {
    name,
    ref,
    facts,
    server,
    network: nodeNetwork(snapshot, server),
    parameters: facts.azure?.parameters?.ok ? facts.azure.parameters.data : undefined,
    postgres,
    settings: effectiveSettings(facts),
    tables: tableLookup(postgres),
    isAzure: ref.server !== undefined,
  };
}
