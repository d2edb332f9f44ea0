import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { marked } from 'marked';
import { mdCodeBlock, mdCodeSpan, mdText, mermaidLabel } from '../../src/util/markdown.js';

function rendered(markdown: string): Element {
  return new JSDOM(`<body>${marked.parse(markdown, { gfm: true, async: false })}</body>`).window.document.body;
}

const cases = [
  'plain',
  '`',
  '``a``',
  ' `x` ',
  '```',
  '```sh\nrm -rf /\n```',
  '| a | b |',
  '<b>x</b>',
  '[x](https://e.example)',
  'x `` y ``` z',
];

test('mdCodeSpan: the span shows the value exactly, whatever backticks and spaces it holds', () => {
  for (const value of cases) {
    const body = rendered(`x ${mdCodeSpan(value)} y`);
    const codes = body.querySelectorAll('code');
    assert.equal(codes.length, 1, value);
    assert.equal(codes[0]!.textContent, value.replace(/\n/g, '\\x0a'), value);
  }
});

test('mdCodeBlock: one block whose text is the value, even when the value starts with a fence', () => {
  for (const value of cases) {
    const body = rendered(`${mdCodeBlock(value, 'sh')}\n\nafter`);
    assert.equal(body.querySelectorAll('pre').length, 1, value);
    assert.equal(body.querySelector('pre code')!.textContent, `${value.replace(/\n/g, '\\x0a')}\n`, value);
    assert.equal(body.lastElementChild!.textContent, 'after', value);
  }
});

test('mdText: markup, links, mentions and pipes in a table cell stay text', () => {
  const value = '**b** _i_ <i>h</i> [l](https://e.example) www.e.example a@b.example ~~s~~ | `c` #1 &lt; $m$';
  const body = rendered(`| h |\n|---|\n| ${mdText(value)} |`);
  assert.deepEqual(
    [...body.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
    ['table', 'thead', 'tr', 'th', 'tbody', 'tr', 'td'],
  );
  assert.equal(body.querySelector('td')!.textContent.replace(/\u200b/g, ''), value);
});

test('mermaidLabel: only letters, digits and plain punctuation stay; the rest are entity codes', () => {
  assert.equal(mermaidLabel('pg-app_1 (east).x/y'), 'pg-app_1 (east).x/y');
  assert.equal(mermaidLabel('a"b]#;<`'), 'a#34;b#93;#35;#59;#60;#96;');
  assert.equal(mermaidLabel('ü😀'), '#252;#128512;');
  assert.equal(mermaidLabel('a\nb'), 'a#92;x0ab');
});
