// `pgl-preflight rules` and `pgl-preflight explain`: rule metadata is the single source for both.
import { existsSync, readFileSync } from 'node:fs';
import type { Rule } from '../engine/rule.js';
import { InputError } from '../util/errors.js';
import { ruleDocPath } from '../util/package-info.js';

export function renderRuleList(rules: readonly Rule[], format: 'text' | 'json'): string {
  if (format === 'json') {
    const list = rules.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      severity: r.severity,
      requires: [...r.requires],
      help: r.help,
      messages: Object.keys(r.messages),
    }));
    return `${JSON.stringify(list, null, 2)}\n`;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  return `${rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}`).join('\n')}\n`;
}

export function renderExplain(rules: readonly Rule[], id: string): string {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new InputError(`explain: unknown rule "${id}" (run \`pgl-preflight rules\` for the list)`);
  const docPath = ruleDocPath(rule.id);
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : `# ${rule.id}\n\n${rule.description}\n`;
  const header = [
    `${rule.id} — ${rule.title}`,
    `default severity: ${rule.severity}; needs: ${rule.requires.join(', ') || 'nothing'}${rule.optionalFacts?.length ? `; reads when present: ${rule.optionalFacts.join(', ')}` : ''}`,
    '',
  ].join('\n');
  return `${header}\n${doc.trimEnd()}\n`;
}
