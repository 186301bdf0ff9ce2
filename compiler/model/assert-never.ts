/** The default of an exhaustive switch: a compile error when a case is missing, a throw should one slip through. */
export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`);
}
