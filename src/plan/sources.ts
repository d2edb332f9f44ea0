// Every result of a plan run names what it judged: the Terraform address (or ARM id) of its nodes'
// servers, and of each planned resource its message names (an NSG, a route table, a peering ...).
import type { Result } from '../engine/result.js';
import { targetNodes } from '../engine/targets.js';
import type { Snapshot } from '../snapshot/types.js';
import { topologyNode } from '../model/snapshot-index.js';

export function namePlanSources(results: readonly Result[], snapshot: Snapshot): Result[] {
  const plan = snapshot.plan;
  if (!plan) return [...results];
  const named: { name: RegExp; source: string }[] = [];
  for (const [id, r] of Object.entries(plan.resources)) {
    const name = id.split('/').filter(Boolean).pop() ?? '';
    const original = r.source.includes('/') ? (r.source.split('/').filter(Boolean).pop() ?? name) : name;
    if (original.length < 3) continue;
    const escaped = original.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    named.push({ name: new RegExp(`(^|[^A-Za-z0-9_.-])${escaped}($|[^A-Za-z0-9_-])`, 'i'), source: r.source });
  }
  return results.map((result) => {
    const sources: string[] = [];
    for (const node of targetNodes(result.targetInfo)) {
      const server = topologyNode(snapshot, node)?.server;
      const source = server ? plan.resources[server.toLowerCase()]?.source : undefined;
      if (source && !sources.includes(source)) sources.push(source);
    }
    if (result.outcome === 'fail') {
      for (const { name, source } of named) if (name.test(result.message) && !sources.includes(source)) sources.push(source);
    }
    return sources.length ? { ...result, planSources: sources } : result;
  });
}
