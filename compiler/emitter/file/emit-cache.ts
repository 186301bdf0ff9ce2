/**
 * The emit cache: messages' printed code from earlier runs, by fingerprint (fingerprint.ts), with what
 * their emission did to the module's env (env-effects.ts), so that `--watch` and repeated runs print only
 * the messages that changed (issue 11). Replaying a cached message gives the same text and the same env as
 * emitting it again — emit-file.ts starts the module over without the cache when a replay does not hold —
 * so output is byte-identical with or without it (test/codegen/incremental.test.ts).
 *
 * What a run does not use is dropped when it ends (`endRun`), so the cache holds one program's code.
 */
import { isEffectList, type EnvEffect } from "./env-effects.js";
import type { StatementGroup } from "./format-module.js";

export interface CachedEmission {
  readonly group: StatementGroup;
  readonly effects: readonly EnvEffect[];
}

/** The cache as saved (pipeline/emit-cache-file.ts writes it). */
export interface EmitCacheData {
  readonly entries: readonly (readonly [key: string, statements: readonly string[], effects: readonly EnvEffect[], settled: 0 | 1])[];
  /** Statements prettier formatted (format-module.ts), by their printed text. */
  readonly formatted: readonly (readonly [printed: string, formatted: string])[];
}

export interface EmitCacheStats {
  /** Messages whose cached code was reused. */
  readonly reused: number;
  /** Messages printed. */
  readonly printed: number;
}

/** A map that knows which keys a run used, so that what it did not use can be dropped. */
class RunMap<V> {
  readonly entries = new Map<string, V>();
  readonly #used = new Set<string>();
  /** Set by `set` and by a `prune` that dropped anything. */
  changed = false;

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.#used.add(key);
    return value;
  }

  set(key: string, value: V): void {
    this.changed = true;
    this.entries.set(key, value);
    this.#used.add(key);
  }

  /** Drops the entries unused since the last prune. */
  prune(): void {
    for (const key of this.entries.keys()) if (!this.#used.has(key) && this.entries.delete(key)) this.changed = true;
    this.#used.clear();
  }
}

export class EmitCache {
  readonly #entries = new RunMap<CachedEmission>();
  readonly #formatted = new RunMap<string>();
  #reused = 0;
  #printed = 0;

  /** A cache holding `data` (what `toData` gave); anything malformed in it is left out. */
  static fromData(data: unknown): EmitCache {
    const cache = new EmitCache();
    if (typeof data !== "object" || data === null) return cache;
    const { entries, formatted } = data as Partial<Record<keyof EmitCacheData, unknown>>;
    if (Array.isArray(entries)) {
      for (const e of entries as unknown[]) {
        if (!Array.isArray(e) || e.length !== 4) continue;
        const [key, statements, effects, settled] = e as unknown[];
        if (typeof key !== "string" || !isStringList(statements) || !isEffectList(effects)) continue;
        cache.#entries.entries.set(key, { group: settled === 1 ? { statements, settled: true } : { statements }, effects });
      }
    }
    if (Array.isArray(formatted)) {
      for (const f of formatted as unknown[]) {
        if (Array.isArray(f) && f.length === 2 && typeof f[0] === "string" && typeof f[1] === "string") cache.#formatted.entries.set(f[0], f[1]);
      }
    }
    return cache;
  }

  /** What the last run used (all of it, after `endRun`). */
  toData(): EmitCacheData {
    return {
      entries: [...this.#entries.entries].map(([key, e]) => [key, e.group.statements, e.effects, e.group.settled === true ? 1 : 0] as const),
      formatted: [...this.#formatted.entries],
    };
  }

  get(key: string): CachedEmission | undefined {
    return this.#entries.get(key);
  }

  set(key: string, entry: CachedEmission): void {
    this.#entries.set(key, entry);
  }

  /** Counts a message as reused (true) or printed (false). */
  count(reused: boolean): void {
    if (reused) this.#reused++;
    else this.#printed++;
  }

  /** Formatted text of a statement prettier formatted before. */
  formatted(printed: string): string | undefined {
    return this.#formatted.get(printed);
  }

  setFormatted(printed: string, formatted: string): void {
    this.#formatted.set(printed, formatted);
  }

  /** Whether anything was added or dropped since the last `saved()` (or since it was made or read). */
  get changed(): boolean {
    return this.#entries.changed || this.#formatted.changed;
  }

  /** The cache as it is now has been saved. */
  saved(): void {
    this.#entries.changed = false;
    this.#formatted.changed = false;
  }

  /** Drops what this run did not use; returns how many messages it reused and printed. */
  endRun(): EmitCacheStats {
    this.#entries.prune();
    this.#formatted.prune();
    const stats = { reused: this.#reused, printed: this.#printed };
    this.#reused = 0;
    this.#printed = 0;
    return stats;
  }
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === "string");
}
