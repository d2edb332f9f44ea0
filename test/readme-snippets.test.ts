// The README's pipeline snippets are the ones the tests run: every `pgl-preflight check` command in a
// fenced block is run here (on the bundled example where it names no snapshot) and must give a report
// and write the files it names.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { cli, fixture, tempDir } from './helpers/cli.js';

/** Shell words of a simple command line: plain words, '…' and "…" quoting. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function readmeCommands(): string[] {
  const readme = readFileSync(resolve(PACKAGE_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(?:sh|yaml|bash)\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const commands: string[] = [];
  for (const block of blocks) {
    for (const line of block.split('\n')) {
      const at = line.search(/(?:npx )?pgl-preflight check /);
      if (at < 0 || line.includes('[--')) continue;
      // The command itself: up to a shell operator or a comment.
      commands.push(
        line
          .slice(at)
          .split(/\s(?:\|\||&&|>>|#)\s?/)[0]!
          .replace(/^npx /, '')
          .trim(),
      );
    }
  }
  return commands;
}

test('the README has pipeline snippets to run', () => {
  assert.ok(readmeCommands().length >= 6, readmeCommands().join('\n'));
});

for (const command of readmeCommands()) {
  test(`README snippet runs: ${command}`, () => {
    const dir = tempDir();
    copyFileSync(fixture('not-ready-two-node.json'), join(dir, 'snapshot.json'));
    let args = words(command)
      .slice(1)
      .map((w) => w.replaceAll('$(Agent.TempDirectory)', dir));
    // Plan snippets judge the bundled twin of their format (nodes from the plan: the reader's config is left out).
    const plan = args.indexOf('--plan');
    if (plan >= 0) {
      args[plan + 1] = fixture(
        /whatif/i.test(args[plan + 1]!) ? 'plans/healthy-two-node.whatif.json' : 'plans/healthy-two-node.tfplan.json',
      );
      args = args.filter((a, i) => a !== '--config' && args[i - 1] !== '--config');
    }
    // Snippets that collect live (a config of the reader's own) run on the bundled example instead.
    else if (!args.includes('--snapshot'))
      args = [...args.filter((a, i) => a !== '--config' && args[i - 1] !== '--config'), '--snapshot', 'snapshot.json'];
    // The quick start names the bundled example by its path in the project.
    args = args.map((a) => (a.startsWith('fixtures/') ? resolve(PACKAGE_ROOT, a) : a));
    // `--baseline F` follows the `--write-baseline F` snippet: record the baseline first, as the README says.
    const baseline = args.indexOf('--baseline');
    if (baseline >= 0)
      assert.ok(
        [0, 1].includes(cli(['check', '--snapshot', 'snapshot.json', '--write-baseline', args[baseline + 1]!], { cwd: dir }).status ?? -1),
      );
    const run = cli(args, { cwd: dir });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    assert.ok(run.stdout.length > 0, 'a report on stdout');
    for (let i = 0; i < args.length; i += 1) {
      if (args[i] === '--output') assert.ok(existsSync(resolve(dir, args[i + 1]!.split('=').slice(1).join('='))), `${args[i + 1]} written`);
      if (args[i] === '--write-baseline') assert.ok(existsSync(resolve(dir, args[i + 1]!)), 'baseline written');
    }
    if (args.includes('markdown')) assert.match(run.stdout, /^#/m);
  });
}
