/**
 * The package generated code imports the runtime from: the dependency-free `@iprotoc/runtime` (a service
 * installs it alone; the compiler, `iprotoc`, is a devDependency). `iprotoc/runtime` still re-exports it
 * for code generated before the split. `--runtime-import` overrides it.
 */
export const RUNTIME_MODULE = "@iprotoc/runtime";
