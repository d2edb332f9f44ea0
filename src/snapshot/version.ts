/** The snapshot schema version this build writes and reads (types.ts declares the same literal; a test checks). */
export const SNAPSHOT_VERSION = 1 as const;
