/**
 * The demo program: every Box operation through the typed client generated from schemas/spaces.iproto
 * (`space Scores`, `procedure t15_echo`). It talks to whatever `servers` names — the in-memory Box the
 * launcher starts, or real Tarantool 1.5 servers configured like ../shared/tarantool15/example-spaces.cfg
 * (space 0: NUM id, STR name; index 0 on id, index 1 on name; example-init.lua's t15_echo).
 */
import { IProtoClient, ServerError, boxErrorName } from "@iprotoc/runtime";
import { ScoresSpace, callT15Echo, type ScoresTuple } from "./gen/spaces.js";

const show = (tuples: readonly (ScoresTuple | undefined)[]): string =>
  tuples.map((t) => (t === undefined ? "none" : JSON.stringify([t.id, t.name, t.score]))).join(" ");

export async function runDemo(servers: string, print: (line: string) => void = console.log): Promise<void> {
  const client = new IProtoClient({ servers, timeout: 2000, maxRequestRetries: 2 });
  const scores = new ScoresSpace(client);
  try {
    // Start from a clean space, so the demo can run again against a real server.
    for (const id of [1, 2, 3]) await scores.delete([id]);

    await scores.insert({ id: 1, name: "alice", score: 10, tail: [] });
    print("insert (1, alice, 10)            -> ok");
    const bob = await scores.insert({ id: 2, name: "bob", score: 20, tail: [] }, { returnTuple: true });
    print(`insert (2, bob, 20) +tuple       -> ${show([bob])}`);
    await scores.add({ id: 3, name: "carol", score: 30, tail: [] });

    print(`get id=1                         -> ${show([await scores.get([1])])}`);
    print(`selectByPrimary 1, 2, 3          -> ${show(await scores.selectByPrimary([[1], [2], [3]]))}`);
    print(`selectByName bob                 -> ${show(await scores.selectByName([["bob"]]))}`);
    print(`select 1, 2, 3 offset 1 limit 1  -> ${show(await scores.selectByPrimary([[1], [2], [3]], { offset: 1, limit: 1 }))}`);

    const updated = await scores.update(
      [1],
      [
        { field: "score", op: "add", value: 5 },
        { field: "name", op: "splice", offset: 5, length: 0, text: "2" },
      ],
      { returnTuple: true },
    );
    print(`update id=1 score+=5, name+="2"  -> ${show([updated])}`);

    print(`delete id=2                      -> count ${await scores.delete([2])}`);
    print(`delete id=3 +tuple               -> ${show([await scores.delete([3], { returnTuple: true })])}`);

    const echoed = await callT15Echo(client, { first: "x", second: "yz" });
    print(`call t15_echo("x", "yz")         -> ${echoed.map((t) => JSON.stringify([t.first, t.second])).join(" ")}`);

    try {
      await scores.add({ id: 1, name: "dup", score: 0, tail: [] });
      print("add duplicate key                -> unexpectedly succeeded");
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      print(`add duplicate key                -> ${boxErrorName(error.returnCode)}: ${error.serverMessage}`);
    }
  } finally {
    await client.close();
  }
}
