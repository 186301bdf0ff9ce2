/**
 * The compiler's limits on hostile or runaway schemas: one definition each, documented in docs/cli.md.
 * Past a limit the input gets a located diagnostic — never a stack overflow, a hang or an internal error.
 */

/**
 * How deep constants may be defined through each other and imports chain. Real schemas stay in single
 * digits; the checker's recursive passes are safe far beyond this.
 */
export const MAX_NESTING = 100;

/** How deep structs may contain structs (a generated codec per struct keeps output linear in it). */
export const MAX_STRUCT_NESTING = 1000;

/** Largest schema file read, in bytes: a 10 MB schema is checked in seconds; beyond this is refused. */
export const MAX_SCHEMA_BYTES = 16 * 1024 * 1024;
