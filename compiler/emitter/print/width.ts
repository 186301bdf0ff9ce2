/** prettier's printWidth for generated code: the printer and file/prettier.ts use this one value. */
export const PRINT_WIDTH = 100;
