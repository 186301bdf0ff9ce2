/** prettier's printWidth for generated code: the printer and file/prettier.ts use this one value. */
export const PRINT_WIDTH = 100;

/** One indentation step of printed code: two spaces, prettier's tabWidth (file/prettier.ts). */
export const INDENT = "  ";

/** Whether `code` fits on one line `depth` blocks deep. */
export function fitsAt(depth: number, code: string): boolean {
  return depth * INDENT.length + code.length <= PRINT_WIDTH;
}
