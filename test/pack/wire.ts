/** The line protocol of pack-peer.pl, and how our answers are put in the same form to compare. */
import { pack, unpack, type PackValue } from "../../runtime/pack/index.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const utf8 = new TextEncoder();

function doubleHex(v: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b.toString("hex");
}

export function encodeValue(v: PackValue): string {
  if (typeof v === "number") return `d:${doubleHex(v)}`;
  if (typeof v === "bigint") return `i:${v}`;
  return `s:${hex(typeof v === "string" ? utf8.encode(v) : v)}`;
}

export function packRequest(template: string, values: readonly PackValue[]): string {
  return ["P", `t${hex(utf8.encode(template))}`, ...values.map(encodeValue)].join(" ");
}

export function unpackRequest(template: string, data: Uint8Array): string {
  return `U t${hex(utf8.encode(template))} h${hex(data)}`;
}

/** Our pack in Perl's missing-values mode, answered as the peer answers. */
export function ourPack(template: string, values: readonly PackValue[]): string {
  try {
    return `OK h${hex(pack(template, values, { missing: "empty" }))}`;
  } catch {
    return "ERR";
  }
}

export function ourUnpack(template: string, data: Uint8Array): PackValue[] | Error {
  try {
    return unpack(template, data);
  } catch (e) {
    return e as Error;
  }
}

/** Does our value equal what Perl printed for it (i: integer, n: double bits, s: string bytes)? */
export function sameValue(ours: PackValue, token: string): boolean {
  const colon = token.indexOf(":");
  const tag = token.slice(0, colon);
  const body = token.slice(colon + 1);
  if (tag === "i") return (typeof ours === "number" || typeof ours === "bigint") && BigInt(ours) === BigInt(body);
  if (tag === "n") {
    if (typeof ours !== "number") return false;
    const theirs = Buffer.from(body, "hex").readDoubleLE(0);
    return Number.isNaN(theirs) ? Number.isNaN(ours) : Object.is(theirs, ours);
  }
  const bytes = Buffer.from(body, "hex");
  if (ours instanceof Uint8Array) return Buffer.compare(bytes, ours) === 0;
  // Perl returns a huge `w` as a decimal string, and zero spelt with 8+ bytes as "" (we return 0).
  if (typeof ours === "number" || typeof ours === "bigint") {
    const text = bytes.toString("latin1");
    return text === "" ? BigInt(ours) === 0n : text === String(ours);
  }
  return false;
}

/** A description of the difference between our unpack and Perl's answer, or undefined when equal. */
export function unpackDifference(ours: PackValue[] | Error, answer: string): string | undefined {
  if (answer.startsWith("ERR")) return ours instanceof Error ? undefined : `perl ${answer}, ours ${show(ours)}`;
  if (ours instanceof Error) return `perl ${answer}, ours threw ${ours.message}`;
  const tokens = answer.split(" ").slice(1);
  if (tokens.length !== ours.length) return `perl ${answer}, ours ${show(ours)}`;
  for (let i = 0; i < tokens.length; i++) {
    if (!sameValue(ours[i]!, tokens[i]!)) return `value ${i}: perl ${tokens[i]}, ours ${show([ours[i]!])}`;
  }
  return undefined;
}

function show(values: PackValue[]): string {
  return values.map((v) => (v instanceof Uint8Array ? `s:${hex(v)}` : `${typeof v}:${String(v)}`)).join(" ");
}
