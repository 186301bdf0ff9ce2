/**
 * Prettier with fixed options: generated output must not depend on a .prettierrc found on the user's
 * machine, or two machines would disagree on what is stale.
 */
import { format } from "prettier";

export const PRETTIER_OPTIONS = {
  parser: "typescript",
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
} as const;

export function formatTypeScript(text: string): Promise<string> {
  return format(text, PRETTIER_OPTIONS);
}
