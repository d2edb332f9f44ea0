// A need written out as its terms, "1 pglogical supervisor + 2 ... = 7": the worker budget and the
// replication capacity both show their arithmetic this way.

export interface Term {
  label: string;
  count: number;
  /** 'estimated' terms come from the topology, not from an observed fact, and say so. */
  basis?: string;
}

export function sumOf(terms: readonly Term[]): number {
  return terms.reduce((sum, t) => sum + t.count, 0);
}

export function arithmetic(terms: readonly Term[]): string {
  return `${terms.map((t) => `${t.count} ${t.label}${t.basis === 'estimated' ? ' [estimated]' : ''}`).join(' + ')} = ${sumOf(terms)}`;
}
