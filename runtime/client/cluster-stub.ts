/**
 * TEMPORARY stand-in for runtime/cluster (another helper's work), with their announced
 * signatures. Deleted once those land.
 */
export type BalanceMode = "round-robin" | "hash-crc32" | "ketama" | "ketama-numeric";

export interface ServerSpec {
  readonly host: string;
  readonly port: number;
  readonly weight: number;
}

export interface Balancer {
  pick(key: Uint8Array | undefined, isActive: (index: number) => boolean): number;
}

export function parseServers(text: string): ServerSpec[] {
  return text.split(",").map((item) => {
    const [host = "", port = "", weight] = item.trim().split(":");
    return { host, port: Number(port), weight: weight === undefined ? 1 : Number(weight) };
  });
}

const table = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

export function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (const byte of bytes) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

export function createBalancer(mode: BalanceMode, servers: readonly ServerSpec[], random = Math.random): Balancer {
  let cycle: number[] = [];
  return {
    pick(key, isActive) {
      if (servers.length === 1) return 0;
      if (mode === "round-robin") {
        for (let attempt = 0; attempt < servers.length * 2; attempt++) {
          if (cycle.length === 0) cycle = servers.map((_, i) => i);
          const index = cycle.splice(Math.floor(random() * cycle.length), 1)[0] as number;
          if (isActive(index)) return index;
        }
        return 0;
      }
      const start = key === undefined ? 0 : crc32(key) % servers.length;
      for (let i = 0; i < servers.length; i++) if (isActive((start + i) % servers.length)) return (start + i) % servers.length;
      return start;
    },
  };
}
