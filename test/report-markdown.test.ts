// The Markdown summary and the Mermaid topology: the diagram parses with the real mermaid parser for
// every fixture, hostile names stay text in both formats, and a big estate stays within GitHub's limits.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { marked } from 'marked';
import { RULES } from '../rules/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { fingerprint, type Result } from '../src/engine/result.js';
import type { ReportContext } from '../src/report/context.js';
import { REPORTERS } from '../src/report/index.js';
import { MAX_LISTED, splitFix } from '../src/report/markdown.js';
import { FULL_DIAGRAM_NODES, MAX_PAIR_EDGES } from '../src/report/mermaid.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { escapeControl } from '../src/util/terminal.js';
import { armResource } from './helpers/azure.js';
import { parseFlowchart, renderedLabel } from './helpers/mermaid.js';
import { loadFixture, server, sql, withOverrides } from './helpers/snapshots.js';

const TOOL = { name: 'pgl-preflight', version: '0.0.0-test' };
const ctxOf = (snapshot: Snapshot): ReportContext => ({
  tool: TOOL,
  snapshot,
  rules: RULES,
  failOn: 'error',
  color: false,
  verbose: false,
});

// Everything that could end a Mermaid label or statement, or open Markdown/HTML markup, a link, an image, a mention.
const HOSTILE =
  'x"] --> evil["pwn</b><script>alert(1)</script> | `tick` ``` **bold** _u_ [link](https://evil.example) ' +
  '![img](https://evil.example/i.png) <img src=x onerror=alert(1)> @all #1 &amp; $x$ ~~s~~ %% end\nsubgraph ;#quot;:::style: #35; linkStyle 0';

// The same, short enough for a diagram label (labels are cut at 90 characters).
const HOSTILE_LABEL = 'x"]-->e["<script>`t`|#quot;;%%&amp; end\nsubgraph :::style:#35; [l](u)';

const fixtures = [
  ...readdirSync(resolve(PACKAGE_ROOT, 'fixtures')).filter((f) => f.endsWith('.json')),
  ...readdirSync(resolve(PACKAGE_ROOT, 'fixtures', 'network')).map((f) => `network/${f}`),
];

function mermaidBlock(markdown: string): string {
  const m = /\n```mermaid\n([\s\S]*?)\n```\n/.exec(markdown);
  assert.ok(m, 'the summary has a mermaid block');
  return m[1]!;
}

/** Text of an HTML fragment as a browser shows it, and the tags it creates. */
function html(fragment: string): { text: string; tags: string[]; doc: Document } {
  const doc = new JSDOM(`<body>${fragment}</body>`).window.document;
  return { text: doc.body.textContent, tags: [...doc.body.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()), doc };
}

for (const fixture of fixtures) {
  test(`mermaid: the topology of ${fixture} parses with the real mermaid parser, one vertex per node and one edge per pair`, async () => {
    const snapshot = loadFixture(fixture);
    const results = evaluate(snapshot, RULES);
    const text = REPORTERS.mermaid(results, ctxOf(snapshot));
    const chart = await parseFlowchart(text);
    const nodes = snapshot.topology.nodes.length;
    const nodeVertices = [...chart.vertices.keys()].filter((id) => /^n\d+$/.test(id));
    assert.equal(nodeVertices.length, nodes);
    const pairEdges = chart.edges.filter((e) => /^n\d+$/.test(e.start) && /^n\d+$/.test(e.end));
    assert.equal(pairEdges.length, nodes <= FULL_DIAGRAM_NODES ? nodes * (nodes - 1) : pairEdges.length);
    // The summary carries the same diagram.
    assert.equal(mermaidBlock(REPORTERS.markdown(results, ctxOf(snapshot))), text.trimEnd());
  });
}

test('mermaid: a red edge names the failing rule, and only failing pairs are styled', async () => {
  const snapshot = loadFixture('network/nsg-deny-above-allow.json');
  const text = REPORTERS.mermaid(evaluate(snapshot, RULES), ctxOf(snapshot));
  const chart = await parseFlowchart(text);
  const red = chart.edges.filter((e) => e.style?.some((s) => s.includes('#d73a49')));
  assert.equal(red.length, 1);
  assert.match(red[0]!.text, /network\/nsg-allows-5432/);
  assert.equal(chart.subgraphs.length, 4, 'two regions, two VNETs');
});

test('mermaid: hostile VNET, region, server and subscription names stay label text', async () => {
  const tame = loadFixture('healthy-three-node.json');
  const snapshot = withOverrides(tame, (s) => {
    server(s, 'node_a').name = `srv ${HOSTILE_LABEL}`;
    const vnetId = server(s, 'node_b').network.delegatedSubnetResourceId!.replace(/\/subnets\/.*$/, '');
    const vnet = armResource<{ name: string; location?: string }>(s, 'virtualNetworks', vnetId);
    vnet.name = `vnet ${HOSTILE_LABEL}`;
    vnet.location = `region ${HOSTILE_LABEL}`;
    sql(s, 'node_c').pglogical!.subscriptions[0]!.name = `sub ${HOSTILE_LABEL}`;
  });
  const text = REPORTERS.mermaid(evaluate(snapshot, RULES), ctxOf(snapshot));
  assert.doesNotMatch(text, /<script|`|evil\[|\n\s*end\n\s*subgraph ;/);
  const chart = await parseFlowchart(text);
  // Nothing was injected: the same vertices, subgraphs and edges as for the tame snapshot.
  const tameChart = await parseFlowchart(REPORTERS.mermaid(evaluate(tame, RULES), ctxOf(tame)));
  assert.deepEqual([...chart.vertices.keys()].sort(), [...tameChart.vertices.keys()].sort());
  assert.deepEqual(
    chart.subgraphs.map((g) => [g.id, g.nodes]),
    tameChart.subgraphs.map((g) => [g.id, g.nodes]),
  );
  assert.deepEqual(
    chart.edges.map((e) => [e.start, e.end]),
    tameChart.edges.map((e) => [e.start, e.end]),
  );
  assert.equal(chart.edges.length, 3 + 6);
  // What a browser shows is exactly the name (control characters escaped), and no element but <br>.
  const shown = (label: string | undefined) => html(renderedLabel(label ?? ''));
  const a = shown(chart.vertices.get('n0')!.text);
  assert.equal(a.text, `node_asrv ${escapeControl(HOSTILE_LABEL)}`);
  assert.deepEqual(a.tags, ['br']);
  const vnet = chart.subgraphs.find((g) => g.nodes.includes('n1'))!;
  assert.equal(shown(vnet.title).text, `VNET vnet ${escapeControl(HOSTILE_LABEL)}`);
  const region = chart.subgraphs.find((g) => g.nodes.includes(vnet.id))!;
  assert.equal(shown(region.title).text, `region ${escapeControl(HOSTILE_LABEL)}`);
  const sub = chart.edges.find((e) => e.text.includes('sub '))!;
  assert.equal(shown(sub.text).text, `sub ${escapeControl(HOSTILE_LABEL)}`);
});

test('markdown: hostile messages, targets, fixes and names render as text, never as HTML, links, images or table cells', () => {
  const snapshot = withOverrides(loadFixture('not-ready-two-node.json'), (s) => {
    s.topology.database = `db ${HOSTILE}`;
  });
  const results: Result[] = evaluate(snapshot, RULES).map((r) => ({
    ...r,
    message: `${r.message} ${HOSTILE}`,
    target: r.outcome === 'error' ? `node_a:${HOSTILE}` : r.target,
    help: r.help ? `${r.help} --name ${HOSTILE}` : r.help,
  }));
  const md = REPORTERS.markdown(results, ctxOf(snapshot));
  assert.match(md, /@\u200ball/, 'a mention is defused');
  const { text, tags, doc } = html(marked.parse(md, { gfm: true, async: false }));
  for (const tag of tags)
    assert.ok(
      ['h2', 'h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'code', 'pre', 'br'].includes(tag),
      `unexpected <${tag}>`,
    );
  // Every table row has as many cells as its header.
  for (const table of doc.querySelectorAll('table')) {
    const width = table.querySelectorAll('thead th').length;
    for (const row of table.querySelectorAll('tbody tr')) assert.equal(row.querySelectorAll('td').length, width, row.textContent);
  }
  const plain = text.replace(/\u200b/g, '');
  assert.ok(plain.includes(`db ${escapeControl(HOSTILE)}`), 'the database name shows as it is');
  assert.ok(plain.includes(`node_a:${escapeControl(HOSTILE)}`), 'a hostile target shows as it is in the table');
  // A fix command is one code block whose text is the command, backticks and all.
  const blocks = [...doc.querySelectorAll('pre code')].map((c) => c.textContent);
  assert.ok(blocks.length > 0);
  for (const block of blocks.filter((b) => b.startsWith('az ')))
    assert.ok(block.trimEnd().endsWith(`--name ${escapeControl(HOSTILE)}`), block);
});

test('markdown: a big estate is bounded (GitHub step summary 1 MiB, Mermaid 50,000 characters) and says what it left out', async () => {
  const names = Array.from({ length: 40 }, (_, i) => `node_${String(i).padStart(2, '0')}`);
  const snapshot = withOverrides(loadFixture('healthy-two-node.json'), (s) => {
    s.topology.nodes = names.map((name) => ({ name }));
    s.nodes = {};
  });
  const long = `${HOSTILE} ${'y'.repeat(5000)}`;
  const results: Result[] = [];
  for (const subscriber of names) {
    for (const provider of names) {
      if (subscriber === provider) continue;
      const target = `${subscriber}->${provider}`;
      results.push({
        ruleId: 'network/nsg-allows-5432',
        target,
        outcome: 'fail',
        severity: 'error',
        message: long,
        help: `Allow it: az network nsg rule create --name ${long}`,
        evidence: {},
        fingerprint: fingerprint('network/nsg-allows-5432', target),
        targetInfo: { kind: 'pair', subscriber, provider },
      });
    }
  }
  const md = REPORTERS.markdown(results, ctxOf(snapshot));
  assert.ok(Buffer.byteLength(md) < 1024 * 1024, `${Buffer.byteLength(md)} bytes`);
  assert.match(md, new RegExp(`… and ${results.length - MAX_LISTED} more failures, not listed`));
  assert.match(md, /0 of 1560 ordered pairs have no finding/);
  const diagram = mermaidBlock(md);
  assert.ok(diagram.length < 50_000, `${diagram.length} characters`);
  const chart = await parseFlowchart(diagram);
  assert.equal(chart.edges.length, MAX_PAIR_EDGES);
  assert.match(chart.vertices.get('note')!.text ?? '', /1500 more pairs with findings/);
});

test('markdown: the fix of a failure is split into its prose and a copyable command', () => {
  assert.deepEqual(splitFix('Set wal_level to logical and restart: az postgres flexible-server parameter set --name wal_level'), {
    prose: 'Set wal_level to logical and restart:',
    command: 'az postgres flexible-server parameter set --name wal_level',
  });
  assert.deepEqual(splitFix('Fix the cause first: Raise it and restart: az x'), {
    prose: 'Fix the cause first: Raise it and restart:',
    command: 'az x',
  });
  assert.deepEqual(splitFix('ALTER TABLE t REPLICA IDENTITY DEFAULT;'), { prose: '', command: 'ALTER TABLE t REPLICA IDENTITY DEFAULT;' });
  assert.deepEqual(splitFix('Give every VNET a disjoint address space.'), {
    prose: 'Give every VNET a disjoint address space.',
    command: undefined,
  });
});
