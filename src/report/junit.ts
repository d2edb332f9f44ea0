// JUnit XML for CI: one <testcase> per (rule, target), classname = rule id, name = target.
// The diagnosis and the remediation go in the element text too, because GitLab ignores message=.
import { createRequire } from 'node:module';
import type { Builder } from 'junit-report-builder';
import type { Result } from '../engine/result.js';
import type { ReportContext } from './context.js';
import { escapeControl as clean } from '../util/terminal.js';

// Loaded on first use (it bundles lodash: a text-only run should not pay for it). The package is
// CommonJS with an `exports.default`.
function newBuilder(): Builder {
  const loaded = createRequire(import.meta.url)('junit-report-builder') as { default?: Builder } & Builder;
  return (loaded.default ?? loaded).newBuilder();
}

export function renderJunit(results: readonly Result[], ctx: ReportContext): string {
  const builder = newBuilder().name(ctx.tool.name);
  const areas = [...new Set(ctx.rules.map((r) => r.area))];
  for (const area of areas) {
    const inArea = results.filter((r) => r.ruleId.startsWith(`${area}/`));
    if (inArea.length === 0) continue;
    const suite = builder.testSuite().name(`${ctx.tool.name} ${area}`).timestamp(ctx.snapshot.collectedAt);
    suite.property('database', ctx.snapshot.topology.database).property('snapshotCollectedAt', ctx.snapshot.collectedAt);
    for (const r of inArea) {
      const testCase = suite.testCase().className(r.ruleId).name(xmlSafe(r.target)).time(0);
      switch (r.outcome) {
        case 'fail':
          testCase.failure(xmlSafe(r.message), r.severity).stacktrace(xmlSafeLines(detailText(r)));
          break;
        case 'error':
          testCase.error(xmlSafe(r.message), 'could-not-check', xmlSafeLines(detailText(r)));
          break;
        case 'skip':
          testCase.skipped().standardOutput(xmlSafe(r.message));
          break;
        case 'pass':
          testCase.standardOutput(xmlSafe(r.message));
          break;
      }
    }
  }
  // The JUnit XSDs (Jenkins junit-4/junit-10) have no `skipped` on <testsuites>; each <testsuite> carries it.
  return builder.build().replace(/^(<testsuites\b[^>]*?) skipped="\d+"/m, '$1');
}

/**
 * XML 1.0 cannot carry most control characters, and CDATA cannot carry "]]>": facts from a snapshot may
 * hold either. A field is one line: a newline, tab or escape sequence from data is shown escaped, as in
 * the text report, so data cannot forge a line of the failure text.
 */
export function xmlSafe(text: string): string {
  return xmlSafeLines(clean(text));
}

function xmlSafeLines(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd').replace(/]]>/g, ']] >');
}

function detailText(r: Result): string {
  const lines = [clean(`[${r.severity}] ${r.ruleId} on ${r.target}`), clean(r.message)];
  if (r.help) lines.push('', `How to fix: ${clean(r.help)}`);
  if (Object.keys(r.evidence).length > 0) lines.push('', `Evidence: ${clean(JSON.stringify(r.evidence))}`);
  lines.push('', `Fingerprint: ${r.fingerprint}`);
  return lines.join('\n');
}
