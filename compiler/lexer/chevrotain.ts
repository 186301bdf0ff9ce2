/**
 * Chevrotain's values, from its prebuilt single-file bundle (`chevrotain/lib/chevrotain.mjs`) rather than
 * its package entry (`lib/src/api.js`), which imports some 2,400 modules (lodash-es one function a file):
 * resolving and linking those was most of `iprotoc check`'s start-up (docs/benchmarks.md, "CLI start-up").
 * The bundle is the same release's code; its exports are the API's. The package's exports map hides the
 * file, so it is found next to the entry `require.resolve` names. Types still come from "chevrotain".
 *
 * Every value the compiler (and its tests) uses from Chevrotain comes from here: classes from two copies
 * would not be `instanceof` each other.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Chevrotain = typeof import("chevrotain");

const entry = createRequire(import.meta.url).resolve("chevrotain");
const bundle = (await import(pathToFileURL(join(dirname(entry), "../chevrotain.mjs")).href)) as Chevrotain;

export const { createToken, CstParser, EOF, generateCstDts, Lexer, tokenMatcher } = bundle;
/** The instance types, under the same names as the classes (as a class's name is both). */
export type Lexer = import("chevrotain").Lexer;
export type CstParser = import("chevrotain").CstParser;
