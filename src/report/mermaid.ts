// The topology as a Mermaid flowchart: regions and VNETs as nested subgraphs, nodes inside, VNET peerings
// as dotted lines, and one arrow per ordered pair from provider to subscriber (the way changes flow),
// red where a rule at severity error failed for the pair or its subscription, orange for warnings,
// grey dashed where a rule could not check. Identifiers are generated (r0, v0, n0); every name from
// the snapshot goes into a quoted label through mermaidLabel().
import type { Result } from '../engine/result.js';
import { mermaidLabel } from '../util/markdown.js';
import type { ReportContext } from './context.js';
import { buildTopology, EDGE_STATE_RANK, type EdgeState, type PairEdge, type Topology } from './topology.js';

/** Up to this many nodes every ordered pair is drawn; above it only pairs with something wrong. */
export const FULL_DIAGRAM_NODES = 8;
/** Above this many nodes only the nodes at the ends of a drawn pair are drawn. */
export const ALL_NODES_LIMIT = 30;
/** Pair arrows drawn at most (Mermaid refuses more than 500 edges and 50,000 characters by default). */
export const MAX_PAIR_EDGES = 60;
/** Rules named on one arrow; the rest are counted. */
const RULES_PER_EDGE = 3;
/** Names from the data are cut to this length in labels (Azure names run to 64-90), so one huge name cannot blow up the diagram. */
const LABEL_CHARS = 90;

const EDGE_STYLE: Record<Exclude<EdgeState, 'ok'>, string> = {
  broken: 'stroke:#d73a49,stroke-width:3px,color:#d73a49',
  warning: 'stroke:#e36209,stroke-width:2px,color:#e36209',
  unchecked: 'stroke:#6a737d,stroke-width:1px,stroke-dasharray:4 3,color:#6a737d',
};

export function renderMermaid(results: readonly Result[], ctx: ReportContext): string {
  return `${mermaidDiagram(buildTopology(ctx.snapshot, results)).text}\n`;
}

export interface Diagram {
  text: string;
  /** What was left out, in words, or undefined when everything is drawn. */
  omitted: string | undefined;
}

export function mermaidDiagram(topology: Topology): Diagram {
  const { pairs, omitted: pairsOmitted } = selectPairs(topology);
  const pairEnds = new Set(pairs.flatMap((p) => [p.subscriber, p.provider]));
  const drawnNodes = topology.nodes.length <= ALL_NODES_LIMIT ? topology.nodes : topology.nodes.filter((n) => pairEnds.has(n.name));
  const drawnNames = new Set(drawnNodes.map((n) => n.name));
  const nodeId = new Map(topology.nodes.map((n, i) => [n.name, `n${i}`]));
  const nodeByName = new Map(topology.nodes.map((n) => [n.name, n]));
  const vnetId = new Map(topology.vnets.map((v, i) => [v.key, `v${i}`]));
  const vnetByKey = new Map(topology.vnets.map((v) => [v.key, v]));
  // A VNET is drawn when it holds a drawn node, or is a hub peered with a drawn VNET.
  const drawnVnets = new Set(drawnNodes.flatMap((n) => (n.vnet ? [n.vnet] : [])));
  for (const p of topology.peerings) {
    const hubA = vnetByKey.get(p.a)?.nodes.length === 0;
    const hubB = vnetByKey.get(p.b)?.nodes.length === 0;
    if (drawnVnets.has(p.a) && hubB) drawnVnets.add(p.b);
    if (drawnVnets.has(p.b) && hubA) drawnVnets.add(p.a);
  }

  const lines = ['flowchart LR'];
  const regions = new Map<string, { vnets: string[]; loose: string[] }>();
  const regionOf = (name: string) => {
    const entry = regions.get(name) ?? { vnets: [], loose: [] };
    regions.set(name, entry);
    return entry;
  };
  for (const v of topology.vnets) if (drawnVnets.has(v.key)) regionOf(v.region).vnets.push(v.key);
  for (const n of drawnNodes) if (!n.vnet) regionOf(n.region).loose.push(n.name);

  const nodeLine = (name: string, indent: string) => {
    const node = nodeByName.get(name)!;
    const label = node.server && node.server !== node.name ? `${labelText(node.name)}<br>${labelText(node.server)}` : labelText(node.name);
    return `${indent}${nodeId.get(name)}["${label}"]`;
  };
  [...regions.entries()].forEach(([region, content], i) => {
    lines.push(`  subgraph r${i}["${labelText(region)}"]`);
    for (const key of content.vnets) {
      const vnet = vnetByKey.get(key)!;
      const members = vnet.nodes.filter((n) => drawnNames.has(n));
      if (members.length === 0) {
        // A hub without nodes: a box of its own, so the peerings have an end.
        lines.push(`    ${vnetId.get(key)}[["VNET ${labelText(vnet.name)}"]]`);
        continue;
      }
      lines.push(`    subgraph ${vnetId.get(key)}["VNET ${labelText(vnet.name)}"]`);
      for (const name of members) lines.push(nodeLine(name, '      '));
      lines.push('    end');
    }
    for (const name of content.loose) lines.push(nodeLine(name, '    '));
    lines.push('  end');
  });

  const styles: string[] = [];
  let edgeIndex = 0;
  for (const p of topology.peerings) {
    if (!drawnVnets.has(p.a) || !drawnVnets.has(p.b)) continue;
    lines.push(`  ${vnetId.get(p.a)} -.-|"${peeringLabel(p.stateAB, p.stateBA)}"| ${vnetId.get(p.b)}`);
    edgeIndex += 1;
  }
  for (const p of pairs) {
    const label = pairLabel(p);
    const arrow = p.state === 'unchecked' ? '-.->' : '-->';
    lines.push(`  ${nodeId.get(p.provider)} ${arrow}${label ? `|"${label}"|` : ''} ${nodeId.get(p.subscriber)}`);
    if (p.state !== 'ok') styles.push(`  linkStyle ${edgeIndex} ${EDGE_STYLE[p.state]}`);
    edgeIndex += 1;
  }
  lines.push(...styles);

  const hiddenNodes = topology.nodes.length - drawnNodes.length;
  const omittedParts = [
    pairsOmitted,
    hiddenNodes > 0 ? `${hiddenNodes} node${hiddenNodes === 1 ? '' : 's'} with nothing wrong drawn` : undefined,
  ].filter((x): x is string => x !== undefined);
  const omitted = omittedParts.length > 0 ? `not drawn: ${omittedParts.join('; ')}` : undefined;
  if (omitted) lines.push(`  note["${mermaidLabel(omitted)}"]`);
  return { text: lines.join('\n'), omitted };
}

/** Every pair in a small mesh; in a larger one only the pairs with something wrong, worst first, capped. */
function selectPairs(topology: Topology): { pairs: PairEdge[]; omitted: string | undefined } {
  if (topology.nodes.length <= FULL_DIAGRAM_NODES) return { pairs: topology.pairs, omitted: undefined };
  const wrong = topology.pairs.filter((p) => p.state !== 'ok');
  const healthy = topology.pairs.length - wrong.length;
  const ranked = [...wrong].sort((a, b) => EDGE_STATE_RANK[b.state] - EDGE_STATE_RANK[a.state]);
  const pairs = ranked.slice(0, MAX_PAIR_EDGES);
  const parts = [`${healthy} pair${healthy === 1 ? '' : 's'} with nothing wrong`];
  if (ranked.length > pairs.length) parts.push(`${ranked.length - pairs.length} more pairs with findings (see the report)`);
  return { pairs, omitted: parts.join('; ') };
}

function pairLabel(p: PairEdge): string {
  const lines = p.subscriptions.map((s) => labelText(s.status === 'replicating' ? s.name : `${s.name} (${s.status})`));
  const shown = p.failing.slice(0, RULES_PER_EDGE);
  lines.push(...shown.map((id) => `${p.state === 'broken' ? '✖' : '⚠'} ${labelText(id)}`));
  if (p.failing.length > shown.length) lines.push(`+${p.failing.length - shown.length} more`);
  if (p.failing.length === 0 && p.unchecked.length > 0) lines.push(`? ${p.unchecked.length} not checked`);
  return lines.join('<br>');
}

function peeringLabel(ab: string | undefined, ba: string | undefined): string {
  const states = ab === ba ? [ab ?? 'not collected'] : [ab ?? 'not collected', ba ?? 'not collected'];
  return `peering ${states.map(labelText).join(' / ')}`;
}

function labelText(text: string): string {
  const cut = Array.from(text); // code points, not UTF-16 units
  return mermaidLabel(cut.length > LABEL_CHARS ? `${cut.slice(0, LABEL_CHARS - 1).join('')}…` : text);
}
