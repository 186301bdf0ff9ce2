/**
 * What emitting one declaration did to its module's FileEnv — the runtime names and declarations of other
 * files it bound, the shared codecs it found or added — recorded so that a cached emission can be replayed
 * into a later run's env (file/emit-cache.ts). Plain tuples: the cache is saved as JSON.
 */
import type { RuntimeType, RuntimeValue } from "../codec/runtime-names.js";

export type EnvEffect =
  /** `env.rt(name)`. */
  | readonly ["rt", RuntimeValue]
  /** `env.rtConst(name)`. */
  | readonly ["rtConst", RuntimeValue]
  /** `env.rtType(name)`. */
  | readonly ["rtType", RuntimeType]
  /** A declaration of another generated file, bound as `local` (as a type only when `isType` is 1). */
  | readonly ["use", file: string, name: string, isType: 0 | 1, local: string]
  /** A shared codec found (`defined` 0) or emitted (`defined` 1) under the digest of its key. */
  | readonly ["codec", digest: string, name: string, defined: 0 | 1];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Whether `value` is a list of well-formed effects: a cache read from disk is checked before any of it is
 * replayed, and every name that reaches printed code must be an identifier.
 */
export function isEffectList(value: unknown): value is EnvEffect[] {
  if (!Array.isArray(value)) return false;
  return value.every((e: unknown) => {
    if (!Array.isArray(e)) return false;
    const [tag, a, b, c, d] = e as unknown[];
    switch (tag) {
      case "rt":
      case "rtConst":
      case "rtType":
        return e.length === 2 && typeof a === "string" && IDENTIFIER.test(a);
      case "use":
        return e.length === 5 && typeof a === "string" && typeof b === "string" && IDENTIFIER.test(b) && (c === 0 || c === 1) && typeof d === "string" && IDENTIFIER.test(d);
      case "codec":
        return e.length === 4 && typeof a === "string" && typeof b === "string" && IDENTIFIER.test(b) && (c === 0 || c === 1);
      default:
        return false;
    }
  });
}
