/**
 * The snapshot schema version this build writes and reads, the one place it is written: the TypeBox schema
 * (types.ts), the loader and the collector import it (kept apart from types.ts so loading a snapshot does not load TypeBox).
 */
export const SNAPSHOT_VERSION = 1 as const;
