// What a reporter returns: the whole text, or its pieces in order when the report can be large (a
// 200-node mesh's JSON is hundreds of megabytes: more than one string may hold, and written as it is made).
export type Rendered = string | Iterable<string>;

export function* chunksOf(rendered: Rendered): Iterable<string> {
  if (typeof rendered === 'string') yield rendered;
  else yield* rendered;
}

/** The report as one string (tests, and reports known to be small). */
export function renderedText(rendered: Rendered): string {
  return typeof rendered === 'string' ? rendered : [...rendered].join('');
}
