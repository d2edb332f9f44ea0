// The real Mermaid parser in Node. mermaid.parse() sanitises labels with DOMPurify, which needs a DOM:
// jsdom provides one (DOMPurify's documented way to run on a server). @mermaid-js/parser cannot stand
// in: it has no flowchart grammar. Each test file runs in its own process, so the globals stay here.
import { JSDOM } from 'jsdom';
import type { Mermaid } from 'mermaid';

let loaded: Promise<Mermaid> | undefined;

export function realMermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const { window } = new JSDOM('');
    Object.assign(globalThis, { window, document: window.document });
    // Imported only now: DOMPurify looks for the window when mermaid loads it.
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false });
    return mermaid;
  })();
  return loaded;
}

export interface ParsedFlowchart {
  vertices: Map<string, { id: string; text?: string }>;
  edges: { start: string; end: string; text: string; style?: string[] }[];
  subgraphs: { id: string; title: string; nodes: string[] }[];
}

/**
 * A label as the browser gets it: mermaid keeps entity codes (`#60;`) in its parse result as private marks
 * and turns them into HTML character references when it renders (decodeEntities in mermaid's utils).
 */
export function renderedLabel(text: string): string {
  return text
    .replace(/\uFB02\u00B0\u00B0/g, '&#')
    .replace(/\uFB02\u00B0/g, '&')
    .replace(/\u00B6\u00DF/g, ';');
}

/** Parses with the real grammar (throws on a syntax error) and returns what the flowchart holds. */
export async function parseFlowchart(text: string): Promise<ParsedFlowchart> {
  const mermaid = await realMermaid();
  await mermaid.parse(text);
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the parsed vertices and edges are reachable only through mermaidAPI
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as {
    getVertices(): ParsedFlowchart['vertices'];
    getEdges(): ParsedFlowchart['edges'];
    getSubGraphs(): ParsedFlowchart['subgraphs'];
  };
  return { vertices: db.getVertices(), edges: db.getEdges(), subgraphs: db.getSubGraphs() };
}
