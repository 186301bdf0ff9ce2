/**
 * Structural equality of two resolved models, ignoring source spans. Models are graphs (a recursive struct
 * reaches itself; length fields point at the fields they measure), so the comparison assumes each pair of
 * objects it is already comparing is equal: a bisimulation, which terminates on cycles.
 */
import type { ProgramModel } from "../../../compiler/model/model.js";

/** The path of the first difference, or undefined when the programs are the same. */
export function modelDifference(a: ProgramModel, b: ProgramModel): string | undefined {
  return compare(a, b, "program", new Map());
}

function compare(a: unknown, b: unknown, path: string, assumed: Map<object, Set<object>>): string | undefined {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return a === b ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  }
  const seen = assumed.get(a);
  if (seen?.has(b)) return undefined;
  if (seen) seen.add(b);
  else assumed.set(a, new Set([b]));
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const keys = (o: object): string[] => Object.keys(o).filter((k) => k !== "span" && (o as Record<string, unknown>)[k] !== undefined).sort();
  const ka = keys(a);
  const kb = keys(b);
  if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
  for (const key of ka) {
    const d = compare((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, assumed);
    if (d !== undefined) return d;
  }
  return undefined;
}
