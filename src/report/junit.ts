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

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

interface CaseXml {
  xml: string;
  kind: keyof Omit<Counts, 'tests'> | 'passed';
}

export function renderJunit(results: readonly Result[], ctx: ReportContext): string {
  const run = runInfoOf(ctx);
  const belowFailOn = results.filter((r) => r.outcome === 'fail' && !isGating(r, ctx.failOn));
  const cases = results.length > 0 ? results.map((r) => testCase(r, ctx)) : [emptySelectionCase(ctx)];
  const counts: Counts = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
  for (const c of cases) if (c.kind !== 'passed') counts[c.kind] += 1;

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
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    `  <testsuite ${suiteAttributes}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property ${attributes({ name, value })}/>`),
    '    </properties>',
    ...cases.map((c) => c.xml),
    `    <system-out>${cdata(suiteOutput(results, belowFailOn, ctx))}</system-out>`,
    '    <system-err/>',
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

/** The title every consumer shows: the rule and the target (Azure shows the name alone). */
export function title(r: Pick<Result, 'ruleId' | 'target'>): string {
  return `${r.ruleId} on ${r.target}`;
}

/** Plan runs: the plan files and the count of "known after deployment" skips, apart from the other skips. */
function planProperties(results: readonly Result[], ctx: ReportContext): [string, string][] {
  const plan = planSummary(results, ctx.snapshot);
  return plan ? [['plan', plan.files.join(', ')], ['knownAfterDeployment', String(plan.afterDeployment)]] : [];
}

function testCase(r: Result, ctx: ReportContext): CaseXml {
  // A plan run names the Terraform address or ARM id judged in the case's name (the one field every consumer shows).
  const judged = planSourcesText(r);
  const open = `    <testcase ${attributes({ classname: r.ruleId, name: judged ? `${title(r)} (${judged})` : title(r), time: '0' })}`;
  const wrap = (child: string) => `${open}>\n      ${child}\n    </testcase>`;
  const gating = isGating(r, ctx.failOn);
  if (r.baselined) {
    // Known from the --baseline file: visible, with its diagnosis, but not a failure of this run.
    return { xml: wrap(`<skipped ${attributes({ message: `baselined (${r.outcome === 'fail' ? r.severity : 'not checked'}): ${r.message}` })}>${cdata(detailText(r))}</skipped>`), kind: 'skipped' };
  }
  switch (r.outcome) {
    case 'fail':
      if (!gating) return { xml: `${open}/>`, kind: 'passed' };
      return { xml: wrap(`<failure ${attributes({ message: r.message, type: r.severity })}>${cdata(detailText(r))}</failure>`), kind: 'failures' };
    case 'error':
      if (!gating) {
        const reason = `not checked (${r.severity}, below --fail-on ${ctx.failOn}): ${r.message}`;
        return { xml: wrap(`<skipped ${attributes({ message: reason })}>${cdata(detailText(r))}</skipped>`), kind: 'skipped' };
      }
      return { xml: wrap(`<error ${attributes({ message: r.message, type: 'could-not-check' })}>${cdata(detailText(r))}</error>`), kind: 'errors' };
    case 'skip':
      // A suppressed result's message already reads "suppressed: <reason> (was fail: <message>)".
      return { xml: wrap(`<skipped ${attributes({ message: r.message })}>${cdata(r.suppressed ? detailText(r) : r.message)}</skipped>`), kind: 'skipped' };
    case 'pass':
      return { xml: `${open}/>`, kind: 'passed' };
  }
}

function emptySelectionCase(ctx: ReportContext): CaseXml {
  return { xml: `    <testcase ${attributes({ classname: ctx.tool.name, name: `${ctx.tool.name} selection`, time: '0' })}/>`, kind: 'passed' };
}

/** Suite-level output (the windyroad schema allows no <system-out> in a test case): findings below --fail-on in full, then one line per passed check. */
function suiteOutput(results: readonly Result[], belowFailOn: readonly Result[], ctx: ReportContext): string {
  const lines: string[] = [];
  if (results.length === 0) lines.push('No rule was selected (--rule / --skip-rule): nothing was checked.');
  if (belowFailOn.length > 0) {
    lines.push(`Findings below --fail-on ${ctx.failOn} (reported, not failed):`, '');
    for (const r of belowFailOn) lines.push(detailText(r), '');
  }
  const passed = results.filter((r) => r.outcome === 'pass');
  if (passed.length > 0) {
    // A loop, not push(...spread): a large mesh passes 100k+ checks, more than the argument stack holds.
    lines.push('Passed:');
    for (const r of passed) lines.push(`  ${clean(`${title(r)}: ${r.message}`)}`);
  }
  return lines.join('\n').trimEnd();
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
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd').replace(/]]>/g, ']] >');
}

function cdata(text: string): string {
  return text === '' ? '' : `<![CDATA[${xmlSafe(text)}]]>`;
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(' ');
}

/** Attribute values keep their newlines and tabs as character references (a parser would fold literal ones into spaces). */
function escapeAttribute(value: string): string {
  return xmlSafe(clean(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
