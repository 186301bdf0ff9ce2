/** Balancer properties that need no Perl: cycles, the numeric ring, skipping down servers, errors. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArgumentError, crc32, createBalancer, parseServers } from "../../runtime/index.js";

const utf8 = new TextEncoder();
const servers = parseServers("db1:33013,db2:33013:2,db3:33014,10.0.0.4:11211:0,cache:80");
const up = (): boolean => true;

/** The numeric ring by brute force: every point, sorted by value. */
function numericRing(): { hash: number; server: number }[] {
  return servers
    .flatMap((s, server) => Array.from({ length: 11 }, (_, i) => ({ hash: crc32(utf8.encode(`${s.host}${s.port}${i}`)), server })))
    .sort((a, b) => a.hash - b.hash);
}

describe("round-robin", () => {
  it("visits every server exactly once per cycle", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 50, maxLength: 50 }), (draws) => {
        let r = 0;
        const balancer = createBalancer("round-robin", servers, () => draws[r++ % draws.length]!);
        for (let cycle = 0; cycle < 6; cycle++) {
          const seen = Array.from({ length: servers.length }, () => balancer.pick(undefined, up));
          expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
        }
      }),
    );
  });

  it("ignores activity by default, as Perl does", () => {
    const balancer = createBalancer("round-robin", servers);
    const picks = Array.from({ length: 50 }, () => balancer.pick(undefined, (i) => i === 2));
    expect(new Set(picks).size).toBe(servers.length);
  });

  it("with skipInactive never picks a down server while one is up, and still picks when all are down", () => {
    const balancer = createBalancer("round-robin", servers, Math.random, { skipInactive: true });
    for (let i = 0; i < 200; i++) expect([1, 3]).toContain(balancer.pick(undefined, (s) => s === 1 || s === 3));
    expect(balancer.pick(undefined, () => false)).toBeGreaterThanOrEqual(0);
  });
});

describe("hash-crc32", () => {
  it("never picks a weight-0 server while the others are up", () => {
    const balancer = createBalancer("hash-crc32", servers);
    for (let k = 0; k < 2000; k++) expect(balancer.pick(utf8.encode(String(k)), up)).not.toBe(3);
  });

  it("with skipInactive replaces Perl's random last resort by the next active slot", () => {
    const onlyFour = (s: number): boolean => s === 4;
    const perl = createBalancer("hash-crc32", servers, () => 0);
    const skipping = createBalancer("hash-crc32", servers, () => 0, { skipInactive: true });
    let lastResorts = 0;
    for (let k = 0; k < 3000; k++) {
      const key = utf8.encode(`key${k}`);
      const ours = skipping.pick(key, onlyFour);
      expect(ours).toBe(4);
      if (perl.pick(key, onlyFour) !== 4) lastResorts++;
    }
    expect(lastResorts).toBeGreaterThan(0); // 20 probes do miss server 4 for some keys
  });
});

describe("ketama", () => {
  it("ketama-numeric takes the first point at or after crc32(key), wrapping", () => {
    const ring = numericRing();
    const balancer = createBalancer("ketama-numeric", servers);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (key) => {
        const h = crc32(key);
        const point = ring.find((p) => p.hash >= h) ?? ring[0]!;
        expect(balancer.pick(key, up)).toBe(point.server);
      }),
      { numRuns: 3000 },
    );
  });

  it("Perl's string-sorted ring sends some keys elsewhere than the numeric ring", () => {
    const perl = createBalancer("ketama", servers);
    const numeric = createBalancer("ketama-numeric", servers);
    let differ = 0;
    for (let k = 0; k < 5000; k++) if (perl.pick(utf8.encode(String(k)), up) !== numeric.pick(utf8.encode(String(k)), up)) differ++;
    expect(differ).toBeGreaterThan(0);
  });

  it("ignores activity by default, as Perl does", () => {
    const balancer = createBalancer("ketama", servers);
    const key = utf8.encode("user:42");
    const chosen = balancer.pick(key, up);
    expect(balancer.pick(key, (s) => s !== chosen)).toBe(chosen);
  });

  it("with skipInactive walks the ring to the next point of an active server", () => {
    const ring = numericRing();
    const balancer = createBalancer("ketama-numeric", servers, Math.random, { skipInactive: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (key, downs) => {
        const isActive = (s: number): boolean => !downs[s];
        const h = crc32(key);
        const start = Math.max(0, ring.findIndex((p) => p.hash >= h));
        const walk = [...ring.slice(start), ...ring.slice(0, start)];
        const expected = walk.find((p) => isActive(p.server))?.server ?? walk[0]!.server;
        expect(balancer.pick(key, isActive)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("a server that is down moves only its own keys", () => {
    const perl = createBalancer("ketama", servers);
    const skipping = createBalancer("ketama", servers, Math.random, { skipInactive: true });
    for (let k = 0; k < 3000; k++) {
      const key = utf8.encode(`k${k}`);
      const before = perl.pick(key, up);
      const after = skipping.pick(key, (s) => s !== 1);
      if (before !== 1) expect(after).toBe(before);
      else expect(after).not.toBe(1);
    }
  });
});

describe("errors", () => {
  it("hash and ketama need a key when there is more than one server", () => {
    for (const mode of ["hash-crc32", "ketama", "ketama-numeric"] as const) {
      expect(() => createBalancer(mode, servers).pick(undefined, up)).toThrow(ArgumentError);
    }
  });

  it("refuses an empty list, all-zero weights for hash, and unknown modes", () => {
    expect(() => createBalancer("round-robin", [])).toThrow(ArgumentError);
    expect(() => createBalancer("hash-crc32", parseServers("a:1:0,b:2:0"))).toThrow(ArgumentError);
    expect(() => createBalancer("ketama", parseServers("a:1:0,b:2:0"))).not.toThrow();
    expect(() => createBalancer("random" as never, servers)).toThrow(ArgumentError);
  });

  it("parseServers trims whitespace and refuses ports Perl would hash differently", () => {
    expect(parseServers(" a:1 , b:2:3 ")).toEqual([
      { host: "a", port: 1, weight: 1 },
      { host: "b", port: 2, weight: 3 },
    ]);
    for (const bad of ["a:033013", "a:0", "a:70000", ":1"]) expect(() => parseServers(bad), bad).toThrow(ArgumentError);
  });

  it("parseServers refuses what is not host:port[:weight]: extra fields, blanks or controls inside a field", () => {
    for (const bad of ["h:1:2:3", "h :1", "h: 1", "h\u0000x:1", "h\nconsole.log(1):1", "a b:1", "h\t:1", "[::1]:1"]) {
      expect(() => parseServers(bad), JSON.stringify(bad)).toThrow(ArgumentError);
    }
  });
});
