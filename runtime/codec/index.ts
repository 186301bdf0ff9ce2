/** The primitives generated encoders and decoders import (through `@iprotoc/runtime`). */
export * from "./bytes.js";
export * from "./cursor.js";
export * from "./expr.js";
export * from "./fail.js";
export * from "./numbers.js";
export * from "./utf8.js";
export * from "./varint.js";
