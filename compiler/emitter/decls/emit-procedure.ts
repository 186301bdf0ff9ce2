/**
 * A stored `procedure` → `call<Procedure>(sender, args)`: Box CALL (22) through the runtime's `boxCall`,
 * the arguments encoded by their tuple struct's generated code, the result tuples decoded by a space's
 * tuple struct (`returns Space`), by the procedure's own result struct (`returns (…)`), or left as their
 * fields' bytes when the schema declares no result.
 */
import type { Statement } from "../print/structures.js";
import type { ProcedureModel } from "../../model/model.js";
import { procedureLayouts } from "../../model/space-layout.js";
import type { FileNames } from "../plan/plan.js";
import type { DeclEnv } from "./decl-env.js";
import { emitStruct } from "./emit-decls.js";
import { comment, tupleCodecConst } from "./emit-space.js";

export function emitProcedure(proc: ProcedureModel, plan: FileNames, env: DeclEnv): Statement[][] {
  const names = plan.procedures.get(proc)!;
  const layouts = procedureLayouts(proc);
  const groups: Statement[][] = [emitStruct(layouts.args, plan.structs.get(layouts.args)!, env)];
  const r = proc.returns;
  if (r.kind === "fields") groups.push(emitStruct(layouts.result!, plan.structs.get(layouts.result!)!, env));
  const args = env.struct(layouts.args);
  const code = [tupleCodecConst(names.args, `${proc.name}()`, layouts.args, proc.args.length, 0, `The argument tuple of procedure ${proc.name}.`, env)];
  let resultType = "Uint8Array[]";
  let resultCodec = "undefined";
  if (layouts.result !== undefined) {
    resultType = env.struct(layouts.result).type;
    resultCodec = names.result;
    const [n, k] = r.kind === "space" ? [r.space.fields.length, r.space.tail.length] : [layouts.result.items.length, 0];
    code.push(tupleCodecConst(names.result, proc.name, layouts.result, n, k, `The result tuples of procedure ${proc.name}.`, env));
  }
  const returns = r.kind === "space" ? `tuples of space ${r.space.name}` : r.kind === "fields" ? "typed tuples" : "tuples as their fields' bytes (the schema declares no result)";
  code.push(
    `${comment(proc.doc, `Calls the stored procedure \`${proc.name}\` (Box CALL, message 22) with typed arguments; resolves to its ${returns}. A Lua error is a ServerError (ER_PROC_LUA).`)}export function ${names.call}<TOptions>(sender: ${env.rtType("IProtoSender")}<TOptions>, args: ${args.init}, send?: TOptions): Promise<${resultType}[]> {
  return ${env.rt("boxCall")}(sender, ${JSON.stringify(proc.name)}, ${names.args}, args, ${resultCodec}, send);
}`,
  );
  groups.push(code);
  return groups;
}
