import type { Result } from '../engine/result.js';
import type { ReportContext } from './context.js';
import type { Rendered } from './rendered.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderMarkdown } from './markdown.js';
import { renderMermaid } from './mermaid.js';
import { renderText } from './text.js';

export type Reporter = (results: readonly Result[], ctx: ReportContext) => Rendered;
export { chunksOf, renderedText, type Rendered } from './rendered.js';

/** Every output format, by the name used in --format and --output FORMAT=PATH. */
export const REPORTERS = {
  text: renderText,
  json: renderJson,
  junit: renderJunit,
  sarif: renderSarif,
  markdown: renderMarkdown,
  mermaid: renderMermaid,
} as const satisfies Record<string, Reporter>;

export type FormatName = keyof typeof REPORTERS;
export const FORMAT_NAMES = Object.keys(REPORTERS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(REPORTERS, name);
}
