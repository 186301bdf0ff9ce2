/** Words for kinds of things, as messages use them ("an integer", "a flags set"). */
import type * as M from "../model/model.js";
import type { DeclSymbol } from "./context.js";

const TYPE_WORDS: Readonly<Record<M.TypeModel["kind"], string>> = {
  int: "an integer",
  varint: "a varint",
  float: "a float",
  string: "a string",
  bytes: "bytes",
  array: "an array",
  struct: "a struct",
  prefixed: "a length-prefixed value",
  enum: "an enum",
  flags: "a flags set",
};

export function describeType(type: M.TypeModel): string {
  return TYPE_WORDS[type.kind];
}

const DECL_WORDS: Readonly<Record<DeclSymbol["kind"], string>> = {
  const: "a constant",
  enum: "an enum",
  flags: "a flags set",
  struct: "a struct",
  envelope: "an envelope",
  service: "a service",
  space: "a space",
};

export function describeDecl(kind: DeclSymbol["kind"]): string {
  return DECL_WORDS[kind];
}

export function describeValueType(type: "int" | "bool" | "string"): string {
  return type === "int" ? "an integer" : type === "bool" ? "a boolean" : "a string";
}
