// Text from data (subscription, table and resource names, error messages) reaches Markdown and Mermaid only
// through here, so a hostile name cannot close a table cell or code span, open a link, an image or raw
// HTML, notify someone, or end a diagram label early.
import { escapeControl } from './terminal.js';

/**
 * Plain text inside Markdown (a paragraph, a list item, a table cell), never at the start of a line: one
 * line, and every character that starts markup mid-line in CommonMark/GFM (emphasis, code, links and
 * images, raw HTML and entities, table pipes, strikethrough, math, issue references) backslash-escaped,
 * as CommonMark allows for any ASCII punctuation; an `@` is followed by a zero-width space so that
 * `@team` in a name mentions nobody in a merge-request comment. GFM's extended autolinks (`https://…`,
 * `www.…`, `a@b.c`) are broken up too (`https\://`, `www\.`, `@` + zero-width space): no link at all.
 */
export function mdText(text: string): string {
  return escapeControl(text)
    .replace(/[\\`*_[\]<>#|~&$]/g, (ch) => `\\${ch}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\\.`)
    .replace(/@/g, '@\u200b');
}

/** Inline code: the fence is one backtick longer than the longest run inside, so the value cannot close it. */
export function mdCodeSpan(text: string): string {
  const value = escapeControl(text);
  const fence = '`'.repeat(longestRun(value, '`') + 1);
  // CommonMark strips one space from each end when both are there; pad when the value touches a backtick.
  const pad = value.startsWith('`') || value.endsWith('`') || /^ .* $/.test(value) ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A fenced code block (at the start of a line, not inside a list): a fence longer than any backtick run inside. */
export function mdCodeBlock(text: string, info = ''): string {
  // Newlines are escaped too: every fix is one line, and a line cannot then start a closing fence.
  const value = escapeControl(text);
  const fence = '`'.repeat(Math.max(3, longestRun(value, '`') + 1));
  return `${fence}${info}\n${value}\n${fence}`;
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * A Mermaid label, to be put between double quotes: everything but letters, digits and a few plain
 * punctuation marks becomes a decimal entity code (`#34;`), which Mermaid turns into an HTML character
 * reference, so quotes, brackets, pipes, `<`, backticks (Markdown strings), `#` and `;` stay text.
 */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const ch of escapeControl(text)) {
    out += /^[A-Za-z0-9 _.,/+=()-]$/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  }
  return out;
}
