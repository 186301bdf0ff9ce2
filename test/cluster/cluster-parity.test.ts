/**
 * Balancing against MR::IProto::Cluster itself: the same server lists (sizes, weights, hosts) built in
 * Perl, the same keys asked of `$cluster->server($key)`, with servers switched inactive as the Perl
 * connection code does. One perl process serves the whole file; keys go in batches.
 */
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { crc32, createBalancer, parseServers, type BalanceMode, type ClusterServer as ServerAddress } from "../../runtime/index.js";
import { PerlPeer } from "../pack/perl-peer.js";

const peer = new PerlPeer(fileURLToPath(new URL("./cluster-peer.pl", import.meta.url)), 10_000);
afterAll(() => peer.close());

const seed = Number(process.env["CLUSTER_SEED"] ?? Date.now() % 2 ** 31);
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const utf8 = new TextEncoder();

const host = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5})?$/),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `10.0.${a}.${b}`),
  fc.constantFrom("localhost", "db1.mail.ru", "127.0.0.1"),
);
const server = fc.record({
  host,
  port: fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(33013, 11211, 80)),
  weight: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 4 })),
});
/** A server list as Perl reads it, with at least one positive weight (Perl divides by the list size). */
const cluster = fc
  .array(server, { minLength: 2, maxLength: 8 })
  .filter((list) => list.some((s) => s.weight === undefined || s.weight > 0))
  .map((list) => list.map((s) => `${s.host}:${s.port}${s.weight === undefined ? "" : `:${s.weight}`}`).join(","));

/** Keys as the transport passes them: string bytes, integers' decimal text, binary, empty. */
const key: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => utf8.encode(s)),
  fc.integer().map((n) => utf8.encode(String(n))),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => utf8.encode(String(n))),
  fc.uint8Array({ maxLength: 24 }),
  fc.constant(new Uint8Array(0)),
);

interface Scenario {
  readonly spec: string;
  readonly inactive: readonly boolean[];
  readonly keys: readonly Uint8Array[];
}

const scenario = (keysPer: number, withInactive: boolean): fc.Arbitrary<Scenario> =>
  cluster.chain((spec) =>
    fc.record({
      spec: fc.constant(spec),
      inactive: fc.array(withInactive ? fc.boolean() : fc.constant(false), {
        minLength: spec.split(",").length,
        maxLength: spec.split(",").length,
      }),
      keys: fc.array(key, { minLength: keysPer, maxLength: keysPer }),
    }),
  );

/** Perl's PRNG values after `srand(n)`: what its `rand` will return next, for injecting into ours. */
async function perlRandoms(n: number, count: number): Promise<number[]> {
  const [, answer] = await peer.ask([`SRAND ${n}`, `RAND ${count}`]);
  return answer!.split(" ").slice(1).map((h) => Buffer.from(h, "hex").readDoubleLE(0));
}

/** Builds each scenario in Perl and ours, asks both for every key, returns the disagreements. */
async function compare(mode: BalanceMode, perlMode: string, scenarios: readonly Scenario[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [n, sc] of scenarios.entries()) {
    // Perl draws rand only for hash's last resort; the same values go to ours in the same order.
    const randoms = await perlRandoms(seed + n, sc.keys.length);
    const requests = [`SRAND ${seed + n}`, `NEW c${n} ${perlMode} ${sc.spec}`];
    sc.inactive.forEach((off, i) => off && requests.push(`ACTIVE c${n} ${i} 0`));
    for (const k of sc.keys) requests.push(`PICK c${n} h${hex(k)}`);
    const answers = await peer.ask(requests);
    const picks = answers.slice(answers.length - sc.keys.length);
    let r = 0;
    const balancer = createBalancer(mode, parseServers(sc.spec), () => randoms[r++]!);
    sc.keys.forEach((k, i) => {
      const ours = `OK ${balancer.pick(k, (s) => !sc.inactive[s])}`;
      if (ours !== picks[i]) problems.push(`${sc.spec} inactive=${sc.inactive} key=${hex(k)}: perl ${picks[i]}, ours ${ours}`);
    });
    const setup = answers.slice(0, answers.length - sc.keys.length);
    if (setup.some((a) => a !== "OK")) problems.push(`setup ${sc.spec}: ${setup.join(" | ")}`);
  }
  return problems;
}

describe("balancing agrees with MR::IProto::Cluster", () => {
  it("crc32 is Digest::CRC's, with and without the init argument", async () => {
    const cases = fc.sample(fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.option(fc.nat(0xffff), { nil: undefined })), {
      numRuns: 2000,
      seed,
    });
    const answers = await peer.ask(cases.map(([d, init]) => `CRC h${hex(d)}${init === undefined ? "" : ` ${init}`}`));
    expect(cases.map(([d, init]) => `OK ${crc32(d, init)}`)).toEqual(answers);
  });

  it("hash-crc32: every server up, weights expanding the list", async () => {
    const problems = await compare("hash-crc32", "hash-crc32", fc.sample(scenario(150, false), { numRuns: 25, seed }));
    expect(problems.slice(0, 5), `seed ${seed}`).toEqual([]);
  });

  it("hash-crc32: probing past inactive servers, and the last resort when all are down", async () => {
    const scenarios = fc.sample(scenario(150, true), { numRuns: 30, seed: seed + 1 });
    const allDown = scenarios.slice(0, 3).map((sc) => ({ ...sc, inactive: sc.inactive.map(() => true) }));
    const problems = await compare("hash-crc32", "hash-crc32", [...scenarios, ...allDown]);
    expect(problems.slice(0, 5), `seed ${seed}`).toEqual([]);
  });

  it("ketama: Perl's string-sorted ring, which ignores activity", async () => {
    const problems = await compare("ketama", "ketama", fc.sample(scenario(150, true), { numRuns: 30, seed: seed + 2 }));
    expect(problems.slice(0, 5), `seed ${seed}`).toEqual([]);
  });

  it("one server is always the answer, with or without a key, up or down", async () => {
    const spec = "solo:33013:3";
    const answers = await peer.ask([`NEW s hash-crc32 ${spec}`, "ACTIVE s 0 0", "PICK s -", `NEW k ketama ${spec}`, "PICK k -"]);
    expect(answers).toEqual(["OK", "OK", "OK 0", "OK", "OK 0"]);
    for (const mode of ["hash-crc32", "ketama", "round-robin"] as const) {
      expect(createBalancer(mode, parseServers(spec)).pick(undefined, () => false)).toBe(0);
    }
  });

  it("round-robin picks what Perl's splice(@a, int(rand(@a)), 1) picks from the same rand sequence", async () => {
    for (const [n, spec] of fc.sample(cluster, { numRuns: 10, seed: seed + 3 }).entries()) {
      const randoms = await perlRandoms(seed + n, 200);
      const answers = await peer.ask([`SRAND ${seed + n}`, `NEW r${n} round-robin ${spec}`, ...Array.from({ length: 200 }, () => `PICK r${n} -`)]);
      let r = 0;
      const balancer = createBalancer("round-robin", parseServers(spec), () => randoms[r++]!);
      const ours = Array.from({ length: 200 }, () => `OK ${balancer.pick(undefined, () => true)}`);
      expect(ours).toEqual(answers.slice(2));
    }
  });

  it("parses server lists as MR::IProto::Cluster::Server's coercion does", async () => {
    const specs = [
      ...fc.sample(cluster, { numRuns: 200, seed: seed + 4 }),
      "a:1", "a:1,", "a:1:0", "a:1:-2", "x.y:65535:7",
    ];
    const answers = await peer.ask(specs.map((s) => `PARSE h${hex(utf8.encode(s))}`));
    const ours = specs.map((s) => `OK ${parseServers(s).map((x: ServerAddress) => `${hex(utf8.encode(x.host))},${x.port},${x.weight}`).join(" ")}`);
    expect(ours).toEqual(answers);
  });

  it("refuses fields beyond the weight, which Perl ignores silently (a typo'd list must not pass)", async () => {
    const specs = ["a:1:2:3", "h:1:2:3:4"];
    const answers = await peer.ask(specs.map((s) => `PARSE h${hex(utf8.encode(s))}`));
    for (const [i, spec] of specs.entries()) {
      expect(answers[i], spec).toMatch(/^OK /);
      expect(() => parseServers(spec), spec).toThrow(expect.objectContaining({ name: "ArgumentError", message: expect.stringMatching(/too many fields/) }));
    }
  });

  it("refuses what Perl refuses (and an empty list, which Perl accepts only to fail on use)", async () => {
    expect(() => parseServers("")).toThrow(expect.objectContaining({ code: "EINVAL" }));
    const specs = [",a:1", "a", "a:", "a:1.5", "a:1:", "a:1:1.5", "[::1]:5", "a:x"];
    const answers = await peer.ask(specs.map((s) => `PARSE h${hex(utf8.encode(s))}`));
    for (const [i, spec] of specs.entries()) {
      expect(answers[i], spec).toMatch(/^ERR /);
      expect(() => parseServers(spec), spec).toThrow(expect.objectContaining({ code: "EINVAL" }));
    }
  });
});
