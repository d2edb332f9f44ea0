// Quoting for the SQL and shell text of suggested fixes: names come from the snapshot (subscription,
// role, table and resource names any database user or customer controls), so a fix text must never
// become a different statement or command than the one it proposes.

/** A SQL string literal ('it''s'); backslashes are plain characters with standard_conforming_strings (the default). */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** quote_ident: bare when lower-case and plain, else double-quoted with "" doubling. */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` or `"schema"."table"` (as the snapshot names tables) split into its two names. */
export function splitQualifiedName(text: string): { schema?: string; name: string } {
  const quoted = /^"((?:[^"]|"")*)"\."((?:[^"]|"")*)"$/.exec(text);
  if (quoted) return { schema: quoted[1]!.replace(/""/g, '"'), name: quoted[2]!.replace(/""/g, '"') };
  const dot = text.indexOf('.');
  return dot > 0 ? { schema: text.slice(0, dot), name: text.slice(dot + 1) } : { name: text };
}

/** A schema-qualified name as SQL text: public.orders, "Sales"."Order Lines". */
export function sqlQualified(text: string): string {
  const { schema, name } = splitQualifiedName(text);
  return schema === undefined ? sqlIdent(name) : `${sqlIdent(schema)}.${sqlIdent(name)}`;
}

/** A regclass argument: the qualified name as a string literal ('public.orders'). */
export function sqlRegclass(text: string): string {
  return sqlLiteral(sqlQualified(text));
}

/** One POSIX shell word: bare when plainly safe, else single-quoted with '\'' for embedded quotes. */
export function shellArg(value: string): string {
  return /^[A-Za-z0-9_.,:/=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

// PostgreSQL's reserved key words (SQL Key Words appendix, "reserved" in PostgreSQL): quoted as names.
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog current_date ' +
    'current_role current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign ' +
    'from grant group having in initially intersect into lateral leading limit localtime localtimestamp not null offset on only or order ' +
    'placing primary references returning select session_user some symmetric system_user table then to trailing true union unique user using ' +
    'variadic when where window with authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join ' +
    'left like natural notnull outer overlaps right similar tablesample verbose'
  ).split(' '),
);

/** A template tag for shell commands: every interpolated value becomes one quoted shell word. */
export function sh(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  return strings.reduce((out, text, i) => out + text + (i < values.length ? shellArg(String(values[i])) : ''), '');
}
