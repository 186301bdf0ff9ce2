/**
 * A/B of two generated Box modules in one process (issue 13, Request classes over RequestBase): CPU time
 * per operation (process.cpuUsage, steadier than wall time on a shared machine), median of 21 interleaved
 * rounds. Put the modules in bench/codec/.probe/<name>/box.ts (gitignored), e.g.
 *   git show 109acdf:generated-examples/box.ts > bench/codec/.probe/old/box.ts
 *   cp generated-examples/box.ts bench/codec/.probe/new/box.ts
 *   node --import tsx bench/codec/request-ab/ab.ts mono|poly|send old new
 * mono: one request class's encode(); poly: six classes' encode(); send: what the transport does per
 * send (packetSize, encodeInto, msg, noReply, retry, timeout, key) over six classes. The server side
 * (issue 11, decodeBody/encodeBody through runtime/framing/body.ts): decode1: `InsertRequest.decodeBody`;
 * decode: six request classes' decodeBody; reply1: `SelectResponse.encodeBody` of one tuple; reply: six
 * responses' encodeBody (a program with many message types, as a server's dispatcher calls them).
 */
import { INSERT, tuple } from "../data.js";
const mode = process.argv[2] ?? "mono";
const variants = process.argv.slice(3);
const mods: any[] = [];
for (const v of variants) mods.push(await import(`../.probe/${v}/box.ts`));
const key = { fields: [Uint8Array.of(1, 0, 0, 0)] };
const insert = { space: INSERT.space, flags: INSERT.flags, tuple: { fields: INSERT.fields } };
const buf = new Uint8Array(1 << 16);
function send(r: any): number {
  const size = r.packetSize();
  const end = r.encodeInto(buf, 0, 5);
  return end + size + r.msg + (r.noReply ? 1 : 0) + (r.retry ? 1 : 0) + (r.timeout ?? 0) + (r.key === undefined ? 0 : 1);
}
const one = { count: 1, tuples: [{ fields: tuple(1) }] };
function server(b: any): (() => unknown)[] {
  const body = (r: any) => r.encode(0).subarray(12);
  const bodies = {
    insert: body(new b.InsertRequest(insert)),
    select: body(new b.SelectRequest({ space: 1, index: 0, keys: [key] })),
    delete: body(new b.DeleteRequest({ space: 1, key })),
    call: body(new b.CallRequest({ procedure: "box.x", args: tuple(3) })),
    update: body(new b.UpdateRequest({ space: 1, key, operations: [] })),
    ping: body(new b.PingRequest()),
  };
  if (mode === "decode1") return [() => b.InsertRequest.decodeBody(bodies.insert)];
  if (mode === "decode") {
    return [
      () => b.InsertRequest.decodeBody(bodies.insert),
      () => b.SelectRequest.decodeBody(bodies.select),
      () => b.DeleteRequest.decodeBody(bodies.delete),
      () => b.CallRequest.decodeBody(bodies.call),
      () => b.UpdateRequest.decodeBody(bodies.update),
      () => b.PingRequest.decodeBody(bodies.ping),
    ];
  }
  if (mode === "reply1") return [() => b.SelectResponse.encodeBody(one)];
  return [
    () => b.InsertResponse.encodeBody(one, insert),
    () => b.SelectResponse.encodeBody(one),
    () => b.DeleteResponse.encodeBody({ count: 1 }),
    () => b.CallResponse.encodeBody(one),
    () => b.UpdateResponse.encodeBody(one, { space: 1, key, operations: [], flags: 1 }),
    () => b.PingResponse.encodeBody({}),
  ];
}
function mk(b: any): () => unknown {
  if (["decode1", "decode", "reply1", "reply"].includes(mode)) {
    const fns = server(b);
    return fns.length === 1 ? fns[0]! : () => { for (const f of fns) f(); };
  }
  if (mode === "send") {
    const fns = [
      () => send(new b.InsertRequest(insert)),
      () => send(new b.SelectRequest({ space: 1, index: 0, keys: [key] })),
      () => send(new b.DeleteRequest({ space: 1, key })),
      () => send(new b.CallRequest({ procedure: "box.x", args: tuple(3) })),
      () => send(new b.UpdateRequest({ space: 1, key, operations: [] })),
      () => send(new b.PingRequest()),
    ];
    return () => { for (const f of fns) f(); };
  }
  const fns: (() => unknown)[] = mode === "mono" ? [() => new b.InsertRequest(insert).encode(5)] : [
    () => new b.InsertRequest(insert).encode(5),
    () => new b.SelectRequest({ space: 1, index: 0, keys: [key] }).encode(5),
    () => new b.DeleteRequest({ space: 1, key }).encode(5),
    () => new b.CallRequest({ procedure: "box.x", args: tuple(3) }).encode(5),
    () => new b.UpdateRequest({ space: 1, key, operations: [] }).encode(5),
    () => new b.PingRequest().encode(5),
  ];
  return fns.length === 1 ? fns[0]! : () => { for (const f of fns) f(); };
}
const runs = mods.map(mk);
const sink: unknown[] = new Array(64);
const N = mode === "mono" || mode.endsWith("1") ? 200_000 : 40_000; // per round
for (const run of runs) for (let i = 0; i < 2 * N; i++) sink[i & 63] = run();
const samples: number[][] = runs.map(() => []);
for (let r = 0; r < 21; r++) {
  runs.forEach((run, k) => {
    const t0 = process.cpuUsage();
    for (let i = 0; i < N; i++) sink[i & 63] = run();
    const d = process.cpuUsage(t0);
    samples[k]!.push(((d.user + d.system) * 1000) / N);
  });
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
console.log(mode, variants.map((v, k) => `${v} ${med(samples[k]!).toFixed(0)}ns`).join(", "));
