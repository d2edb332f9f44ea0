// Azure resource ids are case-insensitive; these helpers read their parts without guessing.
import { memoByText } from './text-memo.js';

export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  /** Type segments after the provider, e.g. ["virtualNetworks", "subnets"]. */
  types: string[];
  /** Names matching `types`, e.g. ["vnet-a", "snet-pg"]. */
  names: string[];
  name: string;
}

/**
 * The parts of an ARM id, or undefined when it is not one. Frozen and remembered by text (bounded): the
 * pair rules ask about the same few ids (a route table, a zone) for every pair.
 */
export const parseResourceId: (id: string) => Readonly<ResourceIdParts> | undefined = memoByText(
  (id) => {
    const parts = parseUncached(id);
    if (!parts) return undefined;
    Object.freeze(parts.types);
    Object.freeze(parts.names);
    return Object.freeze(parts);
  },
  { entries: 10_000, textLength: 1024 },
);

function parseUncached(id: string): ResourceIdParts | undefined {
  const parts = id.split('/').filter((p) => p.length > 0);
  if (parts.length < 6 || parts[0]?.toLowerCase() !== 'subscriptions' || parts[2]?.toLowerCase() !== 'resourcegroups') {
    return undefined;
  }
  if (parts[4]?.toLowerCase() !== 'providers') return undefined;
  const rest = parts.slice(6);
  if (rest.length < 2 || rest.length % 2 !== 0) return undefined;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    types.push(rest[i]!);
    names.push(rest[i + 1]!);
  }
  return {
    subscriptionId: parts[1]!,
    resourceGroup: parts[3]!,
    provider: parts[5]!,
    types,
    names,
    name: names[names.length - 1]!,
  };
}

/** The parts of an id already validated (config and snapshot schemas check the shape): throws on anything else. */
export function resourceIdParts(id: string): ResourceIdParts {
  const parts = parseResourceId(id);
  if (!parts) throw new Error(`not an Azure resource id: ${id}`);
  return parts;
}

export function sameResourceId(a: string | undefined, b: string | undefined): boolean {
  // Same length first: most ids compared in the pair rules differ there, and lower-casing is the cost.
  return a !== undefined && b !== undefined && (a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase()));
}

/** The resource's own name: the last name of a well-formed id, else the last segment of whatever was given. */
export function resourceName(id: string): string {
  return (
    parseResourceId(id)?.name ??
    id
      .split('/')
      .filter((p) => p.length > 0)
      .pop() ??
    id
  );
}

/** /subscriptions/…/virtualNetworks/vnet-a/subnets/snet -> /subscriptions/…/virtualNetworks/vnet-a */
export function vnetIdOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+\/?$/i, '');
}
