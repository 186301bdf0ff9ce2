/** `iprotoc/runtime`: what generated code and users import. */
export * from "./errors.js";
export * from "./message.js";
export * from "./codec/index.js";
