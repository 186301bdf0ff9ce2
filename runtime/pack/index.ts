/** Perl-compatible `pack`/`unpack` templates (the raw client form `{ pack: "L*", unpack: "L*" }`). */
export { pack, type PackOptions, type PackValue } from "./pack.js";
export { unpack, type UnpackOptions } from "./unpack.js";
export { compileTemplate, type CompiledTemplate } from "./template.js";
