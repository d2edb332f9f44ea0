// The explicit rule registry: a rule runs only when it is listed here (rules never register themselves).
// Order here is the order of results in every report.
import type { Rule } from '../src/engine/rule.js';
import extensionsAllowlist from './azure/extensions-allowlist.js';
import haFailoverSlots from './azure/ha-failover-slots.js';
import pendingRestart from './azure/pending-restart.js';
import privateEndpointMisuse from './azure/private-endpoint-misuse.js';
import serverState from './azure/server-state.js';
import subnetDelegation from './azure/subnet-delegation.js';
import vnetIntegration from './azure/vnet-integration.js';
import privateResolution from './dns/private-resolution.js';
import zoneLinked from './dns/zone-linked.js';
import addressOverlap from './network/address-overlap.js';
import nsgAllows5432 from './network/nsg-allows-5432.js';
import publicFirewall from './network/public-firewall.js';
import routeToPeer from './network/route-to-peer.js';
import vnetPeering from './network/vnet-peering.js';
import bidirectionalMesh from './pglogical/bidirectional-mesh.js';
import conflictResolution from './pglogical/conflict-resolution.js';
import extensionInstalled from './pglogical/extension-installed.js';
import forwardOrigins from './pglogical/forward-origins.js';
import dsnHost from './pglogical/dsn-host.js';
import primaryKeys from './pglogical/primary-keys.js';
import replicationSetSymmetry from './pglogical/replication-set-symmetry.js';
import replicationUser from './pglogical/replication-user.js';
import schemaDrift from './pglogical/schema-drift.js';
import sequenceCollision from './pglogical/sequence-collision.js';
import slotHealth from './pglogical/slot-health.js';
import subscriptionSets from './pglogical/subscription-sets.js';
import subscriptionStatus from './pglogical/subscription-status.js';
import syncStatus from './pglogical/sync-status.js';
import outputPluginAllowed from './postgres/output-plugin-allowed.js';
import replicationCapacity from './postgres/replication-capacity.js';
import sharedPreloadLibraries from './postgres/shared-preload-libraries.js';
import trackCommitTimestamp from './postgres/track-commit-timestamp.js';
import walLevel from './postgres/wal-level.js';
import workerBudget from './postgres/worker-budget.js';

export const RULES: readonly Rule[] = [
  vnetIntegration,
  privateEndpointMisuse,
  subnetDelegation,
  extensionsAllowlist,
  pendingRestart,
  serverState,
  haFailoverSlots,
  addressOverlap,
  vnetPeering,
  nsgAllows5432,
  routeToPeer,
  publicFirewall,
  zoneLinked,
  privateResolution,
  walLevel,
  trackCommitTimestamp,
  sharedPreloadLibraries,
  workerBudget,
  replicationCapacity,
  outputPluginAllowed,
  extensionInstalled,
  replicationUser,
  dsnHost,
  bidirectionalMesh,
  forwardOrigins,
  replicationSetSymmetry,
  subscriptionSets,
  primaryKeys,
  conflictResolution,
  subscriptionStatus,
  slotHealth,
  syncStatus,
  sequenceCollision,
  schemaDrift,
];
