// Remediation text with the real names filled in: an `az` command for Azure servers, SQL elsewhere.
import type { NodeView } from './node-view.js';
import { parseResourceId } from '../util/azure-id.js';
import { RESTART_PARAMETERS } from './parameters.js';
import { sh, shellArg, sqlLiteral } from '../util/quote.js';

/** A parameter value in double quotes as the az docs write them, single-quoted when it holds shell syntax. */
function shellValue(value: string): string {
  return /^[^"$`\\!]*$/.test(value) ? `"${value}"` : shellArg(value);
}

export function serverCoordinates(node: Pick<NodeView, 'ref'>): { resourceGroup: string; server: string } | undefined {
  const parts = node.ref.server ? parseResourceId(node.ref.server) : undefined;
  return parts ? { resourceGroup: parts.resourceGroup, server: parts.name } : undefined;
}

export function restartCommand(node: Pick<NodeView, 'name' | 'ref'>): string {
  const azure = serverCoordinates(node);
  return azure
    ? sh`az postgres flexible-server restart --resource-group ${azure.resourceGroup} --name ${azure.server}`
    : `restart PostgreSQL on ${node.name} (e.g. systemctl restart postgresql)`;
}

/** List parameters: ALTER SYSTEM needs one quoted literal per entry ('a,b' would be a single library named "a,b"). */
const LIST_PARAMETERS = new Set([
  'shared_preload_libraries',
  'output_plugin_libraries',
  'session_preload_libraries',
  'local_preload_libraries',
]);

function sqlValue(name: string, value: string): string {
  if (!LIST_PARAMETERS.has(name)) return sqlLiteral(value);
  const entries = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return entries.length ? entries.map(sqlLiteral).join(', ') : "''";
}

/** How to set one server parameter on this node, including the restart when the parameter needs it. */
export function parameterFix(node: Pick<NodeView, 'name' | 'ref'>, name: string, value: string): string {
  const azure = serverCoordinates(node);
  const set = azure
    ? `${sh`az postgres flexible-server parameter set --resource-group ${azure.resourceGroup} --server-name ${azure.server} --name ${name}`} --value ${shellValue(value)}`
    : `ALTER SYSTEM SET ${name} = ${sqlValue(name, value)};`;
  if (!RESTART_PARAMETERS.has(name)) return azure ? set : `${set} SELECT pg_reload_conf();`;
  return azure ? `${set} && ${restartCommand(node)}` : `${set} then ${restartCommand(node)}`;
}
