/**
 * The demo program: every Box operation through the generated, typed client. It talks to whatever
 * `servers` names — the in-memory Box the launcher starts, or real Tarantool 1.5 servers configured
 * like the captures in shared/reference/tarantool15-wire.txt (space 0: NUM id, STR name, NUM score,
 * index 0 on id, index 1 on name; a Lua procedure `t15_echo` returning its arguments as a tuple).
 */
import { IProtoClient, ServerError, boxTupleFormat } from "@iprotoc/runtime";
import { BoxClient, BoxFlags, UpdateOp, type Tuple } from "./gen/box.js";

/** Space 0 holds (id, name, score): MR::Tarantool::Box's `format => "L$L"`. */
const USERS = boxTupleFormat("L$L");
/** What t15_echo returns: its arguments, any number of strings. */
const ECHO = boxTupleFormat("$*");
const SPACE = 0;
const BY_NAME = 1;

const key = (id: number) => ({ fields: [USERS.packField(0, id)] });
const show = (tuples: readonly Tuple[] | undefined): string =>
  tuples === undefined ? "(no tuples asked for)" : tuples.map((t) => JSON.stringify(USERS.unpack(t.fields))).join(" ");

export async function runDemo(servers: string, print: (line: string) => void = console.log): Promise<void> {
  const client = new IProtoClient({ servers, timeout: 2000, maxRequestRetries: 2 });
  const box = new BoxClient(client);
  try {
    await box.ping();
    print("PING                            -> ok");

    // Start from a clean space, so the demo can run again against a real server.
    for (const id of [1, 2, 3]) await box.delete({ space: SPACE, key: key(id) });

    const inserted = await box.insert({ space: SPACE, tuple: { fields: USERS.pack([1, "alice", 10]) } });
    print(`INSERT (1, alice, 10)           -> count ${inserted.count} ${show(inserted.tuples)}`);

    const returned = await box.insert({
      space: SPACE,
      flags: BoxFlags.RETURN_TUPLE,
      tuple: { fields: USERS.pack([2, "bob", 20]) },
    });
    print(`INSERT (2, bob, 20) +tuple      -> count ${returned.count} ${show(returned.tuples)}`);
    await box.insert({ space: SPACE, tuple: { fields: USERS.pack([3, "carol", 30]) } });

    const one = await box.select({ space: SPACE, index: 0, keys: [key(1)] });
    print(`SELECT id=1                     -> count ${one.count} ${show(one.tuples)}`);

    const several = await box.select({ space: SPACE, index: 0, keys: [key(1), key(2), key(3)] });
    print(`SELECT id in (1, 2, 3)          -> count ${several.count} ${show(several.tuples)}`);

    const byName = await box.select({ space: SPACE, index: BY_NAME, keys: [{ fields: [USERS.packField(1, "bob")] }] });
    print(`SELECT name=bob (index 1)       -> count ${byName.count} ${show(byName.tuples)}`);

    const updated = await box.update({
      space: SPACE,
      flags: BoxFlags.RETURN_TUPLE,
      key: key(1),
      operations: [
        { field: 2, op: UpdateOp.ADD, argument: USERS.packField(2, 5) },
        { field: 1, op: UpdateOp.SET, argument: USERS.packField(1, "alice2") },
      ],
    });
    print(`UPDATE id=1 score+=5, name=...  -> count ${updated.count} ${show(updated.tuples)}`);

    const deletedOld = await box.delete({ space: SPACE, key: key(2) });
    print(`DELETE (msg 20) id=2            -> count ${deletedOld.count}`);

    const deleted = await box.deleteWithFlags({ space: SPACE, flags: BoxFlags.RETURN_TUPLE, key: key(3) });
    print(`DELETE (msg 21) id=3 +tuple     -> count ${deleted.count} ${show(deleted.tuples)}`);

    const called = await box.call({ procedure: "t15_echo", args: ECHO.pack(["x", "yz"]) });
    print(`CALL t15_echo("x", "yz")        -> ${called.tuples.map((t) => JSON.stringify(ECHO.unpack(t.fields))).join(" ")}`);

    try {
      await box.insert({ space: SPACE, flags: BoxFlags.ADD, tuple: { fields: USERS.pack([1, "dup", 0]) } });
      print("INSERT duplicate key            -> unexpectedly succeeded");
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      print(
        `INSERT duplicate key            -> ServerError code 0x${error.returnCode.toString(16).padStart(8, "0")}: ${error.serverMessage}`,
      );
    }
  } finally {
    await client.close();
  }
}
