// Names for `az` commands, read from ARM resource ids (resource group, parent and resource names).
import { parseResourceId } from '../util/azure-id.js';

export interface AzNames {
  resourceGroup: string;
  name: string;
  /** The parent resource's name (the VNET of a subnet, the zone of a link). */
  parent: string;
}

export function azNames(id: string | undefined): AzNames {
  const parts = id ? parseResourceId(id) : undefined;
  if (!parts) return { resourceGroup: '<resource-group>', name: id ?? '<name>', parent: '<parent>' };
  return { resourceGroup: parts.resourceGroup, name: parts.name, parent: parts.names[0] ?? parts.name };
}
