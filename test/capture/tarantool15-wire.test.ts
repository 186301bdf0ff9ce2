/**
 * The annotated Tarantool 1.5 wire captures (../shared/reference/tarantool15-wire.txt, real bytes
 * between a Tarantool 1.5 server and MR::Tarantool::Box): every request and reply shown whole (header
 * and body) is pasted as hex, with its annotations, and must read back as the annotated frame.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readFrames, type Frame } from "../../compiler/capture/index.js";

function referencePath(): string | undefined {
  const roots = [process.cwd()];
  try {
    // In a worktree, ../shared sits beside the main checkout.
    const common = execFileSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], { encoding: "utf8" }).trim();
    roots.push(path.dirname(common));
  } catch {
    // Not a git checkout: only the working directory counts.
  }
  return roots.map((root) => path.resolve(root, "../shared/reference/tarantool15-wire.txt")).find((p) => existsSync(p));
}

interface Annotated {
  readonly title: string;
  readonly lines: string[];
  readonly header: number[];
  readonly body: number[];
}

const HEX = /^[0-9a-f]{2}$/;

/** Hex bytes at the start of `text` ("|" separators allowed), up to the first annotation word. */
function leadingBytes(text: string): number[] | undefined {
  const out: number[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (token === "|") continue;
    if (token === "...") return undefined; // elided bytes: the frame is not shown whole
    if (!HEX.test(token)) break;
    out.push(parseInt(token, 16));
  }
  return out;
}

/** The REQ/RESP blocks shown whole: header of 12 bytes and exactly the body length it announces. */
function annotatedFrames(text: string): Annotated[] {
  const found: Annotated[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(REQ|RESP) +hdr: (.*)$/.exec(lines[i] as string);
    if (m === null) continue;
    const header = leadingBytes(m[2] as string);
    const block = [lines[i] as string];
    let body: number[] | undefined = [];
    const bodyLine = /^\s+body: (.*)$/.exec(lines[i + 1] ?? "");
    if (bodyLine !== null) {
      block.push(lines[i + 1] as string);
      if (!(bodyLine[1] as string).startsWith("(none")) {
        body = leadingBytes(bodyLine[1] as string);
        for (let j = i + 2; j < lines.length && body !== undefined; j++) {
          const more = leadingBytes(lines[j] as string);
          if (!/^\s/.test(lines[j] as string) || more === undefined || more.length === 0) {
            if (more === undefined) body = undefined;
            break;
          }
          block.push(lines[j] as string);
          body.push(...more);
        }
      }
    }
    if (header === undefined || header.length !== 12 || body === undefined) continue;
    if (Buffer.from(header).readUInt32LE(4) !== body.length) continue;
    found.push({ title: `${m[1]} at line ${i + 1}`, lines: block, header, body });
  }
  return found;
}

const reference = referencePath();

describe.skipIf(reference === undefined)("Tarantool 1.5 wire captures", () => {
  const frames = reference === undefined ? [] : annotatedFrames(readFileSync(reference, "utf8"));

  it("has the whole frames the reference shows", () => {
    expect(frames.length).toBeGreaterThanOrEqual(10);
  });

  it("reads each annotated block, annotations and all, as its frame", () => {
    for (const f of frames) {
      // The block as pasted from the reference: "REQ  hdr:" and "body:" labels, "|" separators, notes.
      const pasted = f.lines.map((l) => l.replace(/^(REQ|RESP) +hdr:/, "").replace(/^\s+body:/, "")).join("\n");
      const items = [...readFrames(new TextEncoder().encode(pasted))];
      const read = items.filter((i): i is Frame => i.kind === "frame");
      const header = Buffer.from(f.header);
      expect(read.map((r) => [r.header.msg, r.header.length, r.header.sync, Buffer.from(r.body).toString("hex")]), f.title).toEqual([
        [header.readUInt32LE(0), header.readUInt32LE(4), header.readUInt32LE(8), Buffer.from(f.body).toString("hex")],
      ]);
      expect(items.filter((i) => i.kind === "anomaly"), f.title).toEqual([]);
    }
  });

  it("reads all of them as one pasted stream", () => {
    const all = frames.map((f) => Buffer.from([...f.header, ...f.body]).toString("hex")).join("\n");
    const read = [...readFrames(new TextEncoder().encode(all))].filter((i): i is Frame => i.kind === "frame");
    expect(read.map((r) => r.header.sync)).toEqual(frames.map((f) => Buffer.from(f.header).readUInt32LE(8)));
  });
});

if (reference === undefined) {
  describe("Tarantool 1.5 wire captures", () => {
    it.skip("skipped: ../shared/reference/tarantool15-wire.txt is absent", () => {});
  });
}
