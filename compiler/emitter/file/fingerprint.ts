/**
 * Fingerprints of declarations for the emit cache (emit-cache.ts): a digest of everything the code
 * generated for a declaration depends on — its model (layouts, types, folded defaults, docs, flags), the
 * models of the declarations it refers to, recursively, and the names planned for each of them — and of
 * nothing else. Source positions are left out, so editing one message does not change the fingerprints
 * of those after it, and the same schema read from another working directory keeps its fingerprints.
 */
import { createHash } from "node:crypto";
import type { FileNames } from "../plan/plan.js";

/** Declarations another declaration's model refers to by object (DeclBase: a kind, a name, a file). */
const REFERENCED = new Set(["const", "enum", "flags", "struct", "envelope", "message", "service", "space", "procedure"]);

type Model = Record<string, unknown>;

function isDeclaration(value: Model): boolean {
  return typeof value["kind"] === "string" && REFERENCED.has(value["kind"]) && typeof value["file"] === "string" && typeof value["name"] === "string";
}

export class Fingerprints {
  readonly #plans: ReadonlyMap<string, FileNames>;
  /** Fingerprint of each referenced declaration; a declaration being fingerprinted maps to "" (a cycle). */
  readonly #declarations = new Map<object, string>();

  constructor(plans: ReadonlyMap<string, FileNames>) {
    this.#plans = plans;
  }

  /** The fingerprint of `declaration` with `names`, the names planned for it. */
  of(declaration: object, names: unknown): string {
    return createHash("sha1").update(this.text(declaration as Model)).update(JSON.stringify(names)).digest("base64");
  }

  #referenced(declaration: Model): string {
    const known = this.#declarations.get(declaration);
    // A struct that refers to itself (through an array) stands for itself by name inside its own text.
    if (known === "") return `${declaration["file"]}:${declaration["name"]}`;
    if (known !== undefined) return known;
    this.#declarations.set(declaration, "");
    const print = this.of(declaration, this.#plannedNames(declaration));
    this.#declarations.set(declaration, print);
    return print;
  }

  /**
   * The names planned for a referenced declaration, with the module they are generated in: two files may
   * declare the same shape under the same name, and code naming one must not pass for code naming the
   * other (the module path is relative to the output directory, the same from any working directory).
   */
  #plannedNames(d: Model): unknown {
    const plan = this.#plans.get(d["file"] as string);
    if (plan === undefined) return null;
    const maps: readonly ReadonlyMap<object, unknown>[] = [plan.consts, plan.named, plan.structs, plan.envelopes, plan.messages, plan.services, plan.spaces, plan.procedures];
    for (const map of maps) {
      const names = map.get(d);
      if (names !== undefined) return [plan.outPath, names instanceof Map ? [...names.values()] : names];
    }
    return [plan.outPath];
  }

  /**
   * The model as text: objects by their keys in order, `span`s left out, each object written once (a
   * later occurrence — a field a length field measures, say — as a back reference), declarations other
   * than the root by their own fingerprint.
   */
  text(root: Model): string {
    const parts: string[] = [];
    const seen = new Map<object, number>();
    const walk = (value: unknown): void => {
      switch (typeof value) {
        case "string":
          parts.push(JSON.stringify(value));
          return;
        case "bigint":
          parts.push(`${value}n`);
          return;
        case "object":
          break;
        default:
          parts.push(String(value));
          return;
      }
      if (value === null) {
        parts.push("null");
        return;
      }
      const at = seen.get(value);
      if (at !== undefined) {
        parts.push(`^${at}`);
        return;
      }
      seen.set(value, seen.size);
      if (Array.isArray(value)) {
        parts.push("[");
        for (const item of value) walk(item);
        parts.push("]");
        return;
      }
      const object = value as Model;
      if (object !== root && isDeclaration(object)) {
        parts.push(`@${this.#referenced(object)}`);
        return;
      }
      parts.push("{");
      for (const key in object) {
        // Where it is (its span, the path of its file) is not what it is.
        if (key === "span" || key === "file") continue;
        parts.push(key);
        walk(object[key]);
      }
      parts.push("}");
    };
    walk(root);
    return parts.join(" ");
  }
}
