// JUnit XML for CI, written so each consumer reads the same verdict as the exit code:
// - one <testsuite> per run: Azure Pipelines names the run after the suite when there is exactly one and
//   `JUnit_<file>` otherwise (azure-pipelines-agent, Agent.Worker/TestResults/Legacy/JunitResultReader.cs, ReadResults);
// - a <testcase> per (rule, target): classname = rule id (Azure "automated test storage", dorny's group), and
//   name = "<rule id> on <target>", because Azure titles a result with the name alone (same file, ReadTestSuite);
// - <failure>/<error> only for results at or above --fail-on (what the exit code counts): a warning below the
//   threshold is a passing case noted in the suite's properties and system-out, so GitLab, Jenkins and dorny
//   do not report failures on a run that exits 0;
// - reasons of skipped, suppressed and below-threshold unchecked cases in skipped@message, which Azure
//   (ReadTestSuite: ErrorMessage) and Jenkins (junit-plugin CaseResult.getSkippedMessage) read, and as the
//   element text too (GitLab and dorny show the text);
// - time on <testsuite> (dorny/test-reporter java-junit-parser.ts parses testsuite@time for each suite and sums
//   them when testsuites@time is absent; a missing one shows as NaNms);
// - the shape of the stricter schema the Azure agent cites (windyroad JUnit.xsd): no attributes on
//   <testsuites>; package, id, hostname, time and a zone-less timestamp without fraction on <testsuite>;
//   <properties> first, then test cases, then exactly one suite-level <system-out> and <system-err>;
//   nothing but skipped/error/failure inside <testcase>. Azure reads that timestamp as UTC (AssumeUniversal).
// - an empty selection still writes a suite with one passing case: Jenkins' junit step aborts on a report
//   without results ("None of the test reports contained any result", JUnitResultArchiver).
import { isGating, type Result } from '../engine/result.js';
import { runInfoOf, type ReportContext } from './context.js';
import { planSourcesText, planSummary } from './plan.js';
import { escapeControl as clean } from '../util/terminal.js';
import type { Rendered } from './rendered.js';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

type CaseKind = keyof Omit<Counts, 'tests'> | 'passed';

/** Test cases (and lines of the suite's output) per piece of the report: short-lived strings, flat memory. */
const PER_PIECE = 200;

export function renderJunit(results: readonly Result[], ctx: ReportContext): Rendered {
  const run = runInfoOf(ctx);
  const belowFailOn = results.filter((r) => r.outcome === 'fail' && !isGating(r, ctx.failOn));
  // Counted first, so the suite's attributes are known before its cases are written out piece by piece.
  const counts: Counts = { tests: Math.max(1, results.length), failures: 0, errors: 0, skipped: 0 };
  for (const r of results) {
    const kind = caseKind(r, ctx);
    if (kind !== 'passed') counts[kind] += 1;
  }

  const properties: [string, string][] = [
    ['tool', `${ctx.tool.name} ${ctx.tool.version}`],
    ['database', ctx.snapshot.topology.database],
    ['nodes', ctx.snapshot.topology.nodes.map((n) => n.name).join(', ')],
    ['snapshotCollectedAt', ctx.snapshot.collectedAt],
    ['failOn', ctx.failOn],
    ['belowFailOn', String(belowFailOn.length)],
    ...planProperties(results, ctx),
    ...belowFailOn.map((r): [string, string] => [`belowFailOn ${title(r)}`, `${r.severity}: ${r.message}`]),
  ];
  const suiteAttributes = attributes({
    name: `${ctx.tool.name} ${ctx.snapshot.topology.database}`,
    package: ctx.tool.name,
    id: '0',
    hostname: run.hostname || 'localhost',
    timestamp: junitTimestamp(run.startedAt),
    time: seconds(run.durationMs),
    tests: String(counts.tests),
    failures: String(counts.failures),
    errors: String(counts.errors),
    skipped: String(counts.skipped),
  });
  const head = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    `  <testsuite ${suiteAttributes}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property ${attributes({ name, value })}/>`),
    '    </properties>',
  ];
  return junitPieces(head, results, belowFailOn, ctx);
}

function* junitPieces(
  head: readonly string[],
  results: readonly Result[],
  belowFailOn: readonly Result[],
  ctx: ReportContext,
): Iterable<string> {
  yield `${head.join('\n')}\n`;
  if (results.length === 0) yield `${emptySelectionCase(ctx)}\n`;
  for (let start = 0; start < results.length; start += PER_PIECE) {
    yield `${results
      .slice(start, start + PER_PIECE)
      .map((r) => testCase(r, ctx))
      .join('\n')}\n`;
  }
  const output = suiteOutputLines(results, belowFailOn, ctx);
  if (output.length === 0) {
    yield '    <system-out></system-out>\n';
  } else {
    // One CDATA section written in pieces of whole lines: "]]>" never spans two lines, and xmlSafe breaks it within one.
    yield '    <system-out><![CDATA[';
    for (let start = 0; start < output.length; start += PER_PIECE) {
      yield `${start > 0 ? '\n' : ''}${xmlSafe(output.slice(start, start + PER_PIECE).join('\n'))}`;
    }
    yield ']]></system-out>\n';
  }
  yield '    <system-err/>\n  </testsuite>\n</testsuites>\n';
}

/** The title every consumer shows: the rule and the target (Azure shows the name alone). */
export function title(r: Pick<Result, 'ruleId' | 'target'>): string {
  return `${r.ruleId} on ${r.target}`;
}

/** Plan runs: the plan files and the count of "known after deployment" skips, apart from the other skips. */
function planProperties(results: readonly Result[], ctx: ReportContext): [string, string][] {
  const plan = planSummary(results, ctx.snapshot);
  return plan
    ? [
        ['plan', plan.files.join(', ')],
        ['knownAfterDeployment', String(plan.afterDeployment)],
      ]
    : [];
}

/** How a result counts in the suite: the same decision testCase() writes out. */
function caseKind(r: Result, ctx: ReportContext): CaseKind {
  if (r.baselined) return 'skipped';
  switch (r.outcome) {
    case 'fail':
      return isGating(r, ctx.failOn) ? 'failures' : 'passed';
    case 'error':
      return isGating(r, ctx.failOn) ? 'errors' : 'skipped';
    case 'skip':
      return 'skipped';
    case 'pass':
      return 'passed';
  }
}

function testCase(r: Result, ctx: ReportContext): string {
  // A plan run names the Terraform address or ARM id judged in the case's name (the one field every consumer shows).
  const judged = planSourcesText(r);
  const open = `    <testcase ${attributes({ classname: r.ruleId, name: judged ? `${title(r)} (${judged})` : title(r), time: '0' })}`;
  const wrap = (child: string) => `${open}>\n      ${child}\n    </testcase>`;
  if (r.baselined) {
    // Known from the --baseline file: visible, with its diagnosis, but not a failure of this run.
    return wrap(
      `<skipped ${attributes({ message: `baselined (${r.outcome === 'fail' ? r.severity : 'not checked'}): ${r.message}` })}>${cdata(detailText(r))}</skipped>`,
    );
  }
  switch (caseKind(r, ctx)) {
    case 'passed':
      return `${open}/>`;
    case 'failures':
      return wrap(`<failure ${attributes({ message: r.message, type: r.severity })}>${cdata(detailText(r))}</failure>`);
    case 'errors':
      return wrap(`<error ${attributes({ message: r.message, type: 'could-not-check' })}>${cdata(detailText(r))}</error>`);
    case 'skipped': {
      if (r.outcome === 'error') {
        const reason = `not checked (${r.severity}, below --fail-on ${ctx.failOn}): ${r.message}`;
        return wrap(`<skipped ${attributes({ message: reason })}>${cdata(detailText(r))}</skipped>`);
      }
      // A suppressed result's message already reads "suppressed: <reason> (was fail: <message>)".
      return wrap(`<skipped ${attributes({ message: r.message })}>${cdata(r.suppressed ? detailText(r) : r.message)}</skipped>`);
    }
  }
}

function emptySelectionCase(ctx: ReportContext): string {
  return `    <testcase ${attributes({ classname: ctx.tool.name, name: `${ctx.tool.name} selection`, time: '0' })}/>`;
}

/** Suite-level output lines (the windyroad schema allows no <system-out> in a test case): findings below --fail-on in full, then one line per passed check. */
function suiteOutputLines(results: readonly Result[], belowFailOn: readonly Result[], ctx: ReportContext): string[] {
  const lines: string[] = [];
  if (results.length === 0) lines.push('No rule was selected (--rule / --skip-rule): nothing was checked.');
  if (belowFailOn.length > 0) {
    lines.push(`Findings below --fail-on ${ctx.failOn} (reported, not failed):`, '');
    for (const r of belowFailOn) lines.push(detailText(r), '');
  }
  let passedHeading = false;
  for (const r of results) {
    if (r.outcome !== 'pass') continue;
    if (!passedHeading) lines.push('Passed:');
    passedHeading = true;
    lines.push(`  ${clean(`${title(r)}: ${r.message}`)}`);
  }
  // As the text once was: trailing blank lines and spaces trimmed.
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length > 0) lines[lines.length - 1] = lines[lines.length - 1]!.trimEnd();
  return lines;
}

function detailText(r: Result): string {
  // Each piece of data stays on its line: a newline or escape sequence in a name cannot forge a line.
  const lines = [clean(`[${r.severity}] ${title(r)}`), clean(r.message)];
  const judged = planSourcesText(r);
  if (judged) lines.push(`Plan: ${clean(judged)}`);
  if (r.help) lines.push('', `How to fix: ${clean(r.help)}`);
  if (Object.keys(r.evidence).length > 0) lines.push('', `Evidence: ${clean(JSON.stringify(r.evidence))}`);
  lines.push('', `Fingerprint: ${r.fingerprint}`);
  return lines.join('\n');
}

/** windyroad's ISO8601_DATETIME_PATTERN: no fraction, no zone (UTC here, as Azure assumes). */
export function junitTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** XML 1.0 cannot carry most control characters, and CDATA cannot carry "]]>": facts from a snapshot may hold either. */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what XML 1.0 forbids
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd').replace(/]]>/g, ']] >');
}

function cdata(text: string): string {
  return text === '' ? '' : `<![CDATA[${xmlSafe(text)}]]>`;
}

/** Printable ASCII without markup characters but ">": what every escape below leaves as it is, ">" aside (titles hold "->"). */
const PLAIN_ATTRIBUTE = /^[\x20-\x21\x23-\x25\x27-\x3b\x3d-\x5c\x5e-\x7e]*$/;

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(' ');
}

/** Attribute values keep their newlines and tabs as character references (a parser would fold literal ones into spaces). */
function escapeAttribute(value: string): string {
  if (PLAIN_ATTRIBUTE.test(value)) return value.includes('>') ? value.replace(/>/g, '&gt;') : value;
  return xmlSafe(clean(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
