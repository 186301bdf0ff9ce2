import { minimalParens } from "./expr-parens.js";
import { matchingParen } from "./scan.js";

/**
 * Drops the parentheses generators put around a whole expression to compose it safely (`if ((a === 1))`,
 * `x = ((b) >>> 0);`, `f((a | b))`), where prettier drops them too: around an if/while condition, the
 * right side of an assignment or declaration, a return value, and an expression already in parentheses.
 * Only parentheses that enclose the whole of such a position are touched; generated code has no comma
 * expressions, so no parenthesized expression means anything else there.
 */

/**
 * A line's whole expressions (an if/while condition, a declared or assigned value, a returned value or
 * object literal's values) re-printed with prettier's parentheses; `((x))` anywhere loses a pair.
 */
export function dropRedundantParens(line: string): string {
  if (!line.includes("(") && !line.includes("?")) return line;
  const cond = /^(?:if|while) \(/.exec(line);
  if (cond !== null) {
    const open = cond[0].length - 1;
    const close = matchingParen(line, open);
    if (close > open) line = line.slice(0, open + 1) + minimalParens(line.slice(open + 1, close)) + line.slice(close);
    return doubleParens(line);
  }
  const value = /^(?:return |(?:export )?(?:const|let) [\w$]+(?:: [\w$<>[\]| ]+)? = |[\w$.[\]+!]+ [-+|&]?= )(.*);$/.exec(line);
  if (value !== null) {
    const v = value[1]!;
    const head = line.slice(0, line.length - v.length - 1);
    return doubleParens(`${head}${minimalParens(v)};`);
  }
  // A call as a statement (`$a.push({ v: (x) });`): the whole expression re-printed.
  if (/^[\w$][\w$.[\]!]*\(.*\);$/.test(line)) return doubleParens(`${minimalParens(line.slice(0, -1))};`);
  return doubleParens(line);
}

/** `((x))` → `(x)`: the inner pair when it spans exactly what the outer one does. */
function doubleParens(line: string): string {
  let i = line.indexOf("((");
  while (i >= 0) {
    if (!line.startsWith("((", i)) {
      i = line.indexOf("((", i + 1);
      continue;
    }
    const outer = matchingParen(line, i);
    const inner = matchingParen(line, i + 1);
    if (outer > 0 && inner === outer - 1) {
      line = line.slice(0, i + 1) + line.slice(i + 2, inner) + line.slice(inner + 1);
      continue; // the same position may hold another pair
    }
    i = line.indexOf("((", i + 1);
  }
  return line;
}
