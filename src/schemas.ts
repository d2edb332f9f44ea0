// The JSON Schemas shipped in schemas/ (for editors and other tools), rendered from the TypeBox definitions.
import { Config } from './config/types.js';
import { Snapshot } from './snapshot/types.js';

const DRAFT = 'http://json-schema.org/draft-07/schema#';

export function schemaFiles(): Record<string, string> {
  const render = (schema: object) => `${JSON.stringify({ $schema: DRAFT, ...schema }, null, 2)}\n`;
  return { 'snapshot.schema.json': render(Snapshot), 'config.schema.json': render(Config) };
}
