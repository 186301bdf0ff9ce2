// Build step of the `iprotoc` package (npm run build): the compiler's sources reach the runtime by one
// relative path, `…/runtime/index.js` (test/repo/imports.test.ts enforces it), which in the published
// package must be the `@iprotoc/runtime` dependency, not a second copy of the runtime. tsc emits the
// runtime files it followed into dist/runtime: they are dropped, every such specifier in dist/compiler is
// rewritten, and dist/runtime/index.* becomes the `iprotoc/runtime` re-export that code generated before
// the split imports. Fails the build if any other path into the runtime is left.
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const dist = new URL("../dist/", import.meta.url).pathname;
const RUNTIME = "@iprotoc/runtime";
const specifier = /(["'])((?:\.\.\/)+runtime\/index\.js)\1/g;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(js|d\.ts)$/.test(entry.name)) yield path;
  }
}

rmSync(join(dist, "runtime"), { recursive: true, force: true });
let rewritten = 0;
for (const path of files(join(dist, "compiler"))) {
  const text = readFileSync(path, "utf8");
  const next = text.replace(specifier, (_, quote) => {
    rewritten++;
    return `${quote}${RUNTIME}${quote}`;
  });
  const stray = /(["'])(?:\.\.\/)+runtime\//.exec(next);
  if (stray) throw new Error(`${path}: imports the runtime other than through runtime/index.js: ${stray[0]}`);
  if (next !== text) writeFileSync(path, next);
}
if (rewritten === 0) throw new Error("no runtime import found in dist/compiler: is this the compiler's build?");
mkdirSync(join(dist, "runtime"), { recursive: true });
const facade = `// iprotoc/runtime: the runtime, re-exported for code generated before it became @iprotoc/runtime.\nexport * from "${RUNTIME}";\n`;
writeFileSync(join(dist, "runtime/index.js"), facade);
writeFileSync(join(dist, "runtime/index.d.ts"), facade);
console.log(`dist/compiler: ${rewritten} runtime imports now name ${RUNTIME}`);
