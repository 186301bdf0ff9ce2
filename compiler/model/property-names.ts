/**
 * The TypeScript property name of a schema field, under the naming the user chose (`--names`): shared by
 * the checks (two fields of one layout must not give the same property: E0212) and the emitter.
 */

/** `camel`: `user_id` → `userId` (the default); `keep`: the schema's spelling. */
export type FieldNaming = "camel" | "keep";

export const FIELD_NAMINGS: readonly FieldNaming[] = ["camel", "keep"];
export const DEFAULT_FIELD_NAMING: FieldNaming = "camel";

/**
 * `user_id` → `userId`, `by_u8` → `byU8`, `x_1` → `x1`; an underscore after a letter or digit goes and the
 * next character is upper-cased. Leading and trailing underscores stay (`_tag`, `type_`); names without
 * an inner underscore are unchanged (`userId`, `HTTPCode`).
 */
export function camelCase(name: string): string {
  return name.replace(/(?<=[A-Za-z0-9])_+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The property name (before escaping) of a field called `name` in the schema. */
export function propertyName(name: string, naming: FieldNaming): string {
  return naming === "camel" ? camelCase(name) : name;
}
