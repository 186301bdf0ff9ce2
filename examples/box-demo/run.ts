/**
 * `npm run example`: compiles schemas/ into a fresh folder (examples/box-demo/gen), starts the runtime's
 * in-memory Box (MemoryBox) on 127.0.0.1 unless `--servers host:port[,host:port…]` names real Tarantool
 * 1.5 servers, and runs the demo against it.
 */
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compile, formatDiagnostics, writeCompiled } from "../../compiler/index.js";
import { expandInputs } from "../../compiler/cli/support/files.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const outDir = "examples/box-demo/gen";

function serversArgument(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((a) => a === "--servers" || a.startsWith("--servers="));
  if (at < 0) return undefined;
  const arg = argv[at] ?? "";
  const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[at + 1];
  if (!value) throw new Error("--servers needs host:port[,host:port…]");
  return value;
}

async function main(): Promise<void> {
  const servers = serversArgument(process.argv.slice(2));

  rmSync(`${root}/${outDir}`, { recursive: true, force: true });
  const schemas = expandInputs(["schemas"], root);
  const result = await compile(schemas, { outDir, cwd: root });
  if (result.files.length === 0) {
    process.stderr.write(formatDiagnostics(result.diagnostics, { sources: result.sources }));
    process.exitCode = 1;
    return;
  }
  writeCompiled(result.files, root);
  console.log(`iprotoc: compiled ${schemas.join(", ")} -> ${outDir}/ (${result.files.length} files)`);

  const { runDemo } = await import("./demo.js");
  if (servers !== undefined) {
    console.log(`talking to ${servers}`);
    await runDemo(servers);
    return;
  }
  // The runtime's in-memory Box, configured by the generated space's descriptor, with example-init.lua's
  // t15_echo written in JavaScript.
  const { IProtoServer, MemoryBox } = await import("@iprotoc/runtime");
  const { ScoresSpace } = await import("./gen/spaces.js");
  const box = new MemoryBox([ScoresSpace.descriptor], { procedures: { t15_echo: (args) => [args] } });
  const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: box.handler() });
  const address = await server.listen();
  console.log(`in-memory Box listening on ${address.host}:${address.port}`);
  try {
    await runDemo(`${address.host}:${address.port}`);
  } finally {
    await server.close();
  }
}

await main();
