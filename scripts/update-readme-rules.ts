// Regenerates the rule list in README.md from rule metadata.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RULES } from '../rules/index.js';
import { replaceRuleTable } from '../src/report/rule-table.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

const path = resolve(PACKAGE_ROOT, 'README.md');
writeFileSync(path, replaceRuleTable(readFileSync(path, 'utf8'), RULES));
console.log(`updated the rule list in ${path} (${RULES.length} rules)`);
