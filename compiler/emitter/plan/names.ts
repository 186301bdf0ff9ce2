/**
 * Every identifier the emitter writes comes from here, so escaping and collision rules live in one place.
 *
 * Schema identifiers are `[A-Za-z_][A-Za-z0-9_]*`: they never contain `$`. The emitter relies on that:
 * - names it invents for itself (locals, runtime imports, per-declaration helpers) contain `$`, so they can
 *   never collide with a schema name;
 * - a schema name that is reserved in JavaScript/TypeScript, or would shadow a global the generated code
 *   uses, gets a `$` appended (`delete` → `delete$`), which keeps the mapping one-to-one.
 */
import { DEFAULT_FIELD_NAMING, type FieldNaming, propertyName } from "../../model/property-names.js";

/** Reserved words (ES strict mode), TypeScript type keywords, and globals generated code refers to. */
const RESERVED = new Set([
  // ECMAScript reserved and strict-mode reserved words
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
  "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
  "while", "with", "yield", "let", "static", "implements", "interface", "package", "private",
  "protected", "public", "await", "arguments", "eval",
  // TypeScript: names that cannot name a type or are contextual in declarations
  "any", "unknown", "never", "object", "string", "number", "boolean", "bigint", "symbol", "undefined",
  "type", "namespace", "module", "declare", "abstract", "as", "asserts", "infer", "is", "keyof",
  "readonly", "unique", "global", "require", "exports", "satisfies", "accessor", "out", "override",
  // globals the generated code uses or that would confuse readers when shadowed
  "Uint8Array", "DataView", "ArrayBuffer", "BigInt", "Number", "String", "Boolean", "Math", "Array",
  "Object", "Error", "Promise", "Symbol", "NaN", "Infinity", "globalThis", "JSON", "Buffer",
  "TextEncoder", "TextDecoder", "Readonly", "Partial", "Record", "ReadonlyArray",
]);

/** Property names with special meaning in object literals or classes. */
const RESERVED_PROPERTIES = new Set(["__proto__", "constructor", "prototype"]);

/** A schema name used as a standalone identifier (type, value, local variable). */
export function ident(name: string): string {
  return RESERVED.has(name) ? `${name}$` : name;
}

/**
 * A schema field name used as an object property (decoded values, init objects): camelCase by default
 * (`user_id` → `userId`), the schema's spelling with `keep`, then escaped.
 */
export function prop(name: string, naming: FieldNaming = DEFAULT_FIELD_NAMING): string {
  return member(propertyName(name, naming));
}

/** A name used as a property as it is (enum and flags members): escaped only. */
export function member(name: string): string {
  return RESERVED_PROPERTIES.has(name) ? `${name}$` : name;
}

/** The local variable holding a field's value inside a generated encoder or decoder. */
export function fieldLocal(name: string): string {
  return ident(name);
}

/** `GetUser` → `getUser`, `PING` → `ping`, `HTTPGet` → `httpGet`; used for client and handler methods. */
export function methodName(messageName: string): string {
  const m = /^([A-Z]+)(.*)$/.exec(messageName);
  let out = messageName;
  if (m) {
    const upper = m[1]!;
    const rest = m[2]!;
    out =
      upper.length > 1 && /^[a-z]/.test(rest)
        ? upper.slice(0, -1).toLowerCase() + upper.slice(-1) + rest
        : upper.toLowerCase() + rest;
  }
  return member(out);
}

/** Client and handler method names of a service's messages, unique (two may differ only in case). */
export function methodNames(messageNames: readonly string[]): string[] {
  const taken = new Set<string>();
  return messageNames.map((m) => {
    let name = methodName(m);
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    return name;
  });
}

/** The name under which the generated runtime import is bound: `readUtf8` → `$readUtf8`. */
export function runtimeAlias(name: string): string {
  return `$${name}`;
}

/** Per-declaration helpers: `Tuple` → `Tuple$read`; an envelope's `BoxEnvelope$check`, `BoxEnvelope$Init`. */
export function helperName(claimed: string, helper: string): string {
  return `${claimed}$${helper}`;
}

/** A runtime value bound to a module constant for hot code: `SCRATCH` → `$$SCRATCH`. */
export function constAlias(name: string): string {
  return `$${runtimeAlias(name)}`;
}

/** A name imported from another generated module that collides with one of this module's. */
export function importAlias(index: number, name: string): string {
  return `$i${index}_${name}`;
}

/** The names a struct gives the module, before collision handling. */
export function structDerived(name: string): { init: string; encode: string; decode: string } {
  return { init: `${name}Init`, encode: `encode${name}`, decode: `decode${name}` };
}

/** The names a message gives the module (MR::IProto style: `Select` → `SelectRequest`, `SelectResponse`). */
export function messageDerived(name: string): { request: string; response: string; requestInit: string; requestFields: string; responseInit: string } {
  return {
    request: `${name}Request`,
    response: `${name}Response`,
    requestInit: `${name}RequestInit`,
    requestFields: `${name}RequestFields`,
    responseInit: `${name}ResponseInit`,
  };
}

export function serviceDerived(name: string): { client: string; handler: string; dispatcher: string } {
  return { client: `${name}Client`, handler: `${name}Handler`, dispatcher: `create${name}Dispatcher` };
}

/** The identifier a file is re-exported under from index.ts: `schemas/users-v2.iproto` → `users_v2`. */
export function namespaceName(path: string): string {
  const base = path.replace(/^.*\//, "").replace(/\.iproto$/, "");
  let id = base.replace(/[^A-Za-z0-9_]/g, "_");
  if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
  return ident(id);
}

/**
 * The module-level names of one generated file. Names written in the schema are claimed first and keep
 * their spelling (escaped if reserved); derived names (`SelectRequest`, `TupleInit`, `encodeTuple`) are
 * claimed afterwards in declaration order and get `_` appended until unique.
 */
export class ModuleNames {
  readonly #taken = new Set<string>();

  /** Claims a schema-declared name. The front end guarantees these are unique within a file. */
  declared(name: string): string {
    const id = ident(name);
    this.#taken.add(id);
    return id;
  }

  /** Claims a derived name, suffixing `_` until it is free. */
  derived(name: string): string {
    let id = ident(name);
    while (this.#taken.has(id)) id = `${id}_`;
    this.#taken.add(id);
    return id;
  }

  has(name: string): boolean {
    return this.#taken.has(name);
  }
}

/** Hands out `$`-prefixed locals inside one generated function: `$n0`, `$i1`, … */
export class LocalNames {
  #next = 0;
  fresh(hint: string): string {
    return `$${hint}${this.#next++}`;
  }
}
