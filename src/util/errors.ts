/** Unusable input (config, snapshot, flags, unknown rule): the CLI prints the one line and exits 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
