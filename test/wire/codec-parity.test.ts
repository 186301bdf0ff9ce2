/**
 * The interpretive codec (compiler/wire) against generated code, for every message of schemas/: random
 * values encode to the same bytes both ways, and both decoders read those bytes to equal values.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { layoutArb } from "../codegen/support/arbitrary.js";
import { plain } from "../codegen/support/expected.js";
import { hex } from "../codegen/support/hex.js";
import { CONDITIONS, CORPUS, ENVELOPES, SCHEMAS, Suite } from "../codegen/support/suite.js";
import { decodeReply, decodeRequest, encodeRequest, encodeResponse, layoutFromJson, layoutToJson } from "../../compiler/wire/index.js";
import type { WireObject } from "../../compiler/wire/index.js";
import type { LayoutItem, ProgramModel } from "../../compiler/model/model.js";
import { camelCase } from "../../compiler/model/property-names.js";

const RUNS = Number(process.env.WIRE_PARITY_RUNS ?? 40);
// Not the names corpus: generated code escapes field names (`__proto__$`), the mapping keeps the schema's.
const suite = new Suite("wire-parity", [...SCHEMAS, ...CORPUS.filter((f) => !f.endsWith("names.iproto")), CONDITIONS, ENVELOPES]);

beforeAll(async () => {
  await suite.load();
}, 120_000);

/**
 * Generated code names properties in camelCase (`userId`); the interpretive codec and the JSON mapping keep
 * the schema's names (`user_id`). Values cross between them renamed, by the program's own field names.
 */
function fieldNames(program: ProgramModel): Map<string, string> {
  const byProperty = new Map<string, string>();
  const visit = (items: readonly LayoutItem[]): void => {
    for (const item of items) if (item.kind === "field") byProperty.set(camelCase(item.name), item.name);
  };
  for (const file of program.files) {
    for (const d of file.declarations) {
      if (d.kind === "struct") visit(d.items);
      if (d.kind === "envelope") visit([...d.layout.items, ...(d.errorLayout?.items ?? [])]);
      if (d.kind === "service") for (const m of d.messages) visit([...m.request.items, ...(m.response?.items ?? [])]);
    }
  }
  return byProperty;
}
const SCHEMA_NAME = fieldNames(suite.model);
const PROPERTY = new Map([...SCHEMA_NAME].map(([property, name]) => [name, property]));
function renamed(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => renamed(v, names));
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [names.get(k) ?? k, renamed(v, names)]));
}
const wire = (value: unknown): WireObject => renamed(value, SCHEMA_NAME) as WireObject;
const props = (value: unknown): unknown => renamed(value, PROPERTY);

describe.each(suite.messages().map((m) => [`${m.msg.service}.${m.msg.name}`, m] as const))("%s", (_label, { file, msg }) => {
  it("request: same bytes as generated code, same decoded values", () => {
    const Request = suite.request(file, msg);
    fc.assert(
      fc.property(layoutArb(msg.request.items), (value) => {
        const generated = new Request(value).encode(0).subarray(12);
        const interpreted = encodeRequest(msg, wire(value)).body;
        expect(hex(interpreted)).toBe(hex(generated));
        const decoded = decodeRequest(msg, generated);
        expect(decoded.error).toBeUndefined();
        expect(plain(props(decoded.value))).toEqual(plain(Request.decodeBody(generated)));
        // Through the JSON mapping (as text) and back: the decoded value's bytes again, with hex and with base64 bytes
        // (space-padded strings lose trailing blanks in decoding, so those bytes, not the original's).
        const again = hex(encodeRequest(msg, decoded.value!).body);
        for (const bytes of ["hex", "base64"] as const) {
          const json = JSON.parse(JSON.stringify(layoutToJson(msg.request.items, decoded.value!, { bytes })));
          expect(hex(encodeRequest(msg, layoutFromJson(msg.request.items, json, "", { bytes })).body)).toBe(again);
        }
        expect(decoded.notes.length).toBeGreaterThanOrEqual(msg.request.items.filter((i) => i.kind === "field" && i.condition === undefined).length);
      }),
      { numRuns: RUNS },
    );
  });

  if (msg.response !== undefined)
    it("response: same bytes as generated code, same decoded values", () => {
      const response = suite.response(file, msg);
      const items = msg.response?.items ?? [];
      const pair = layoutArb(msg.request.items).chain((req) => layoutArb(items, 0, { value: req, items: msg.request.items }).map((res) => [req, res] as const));
      fc.assert(
        fc.property(pair, ([req, res]) => {
          const generated = response.encodeBody(res, req);
          const resolved = encodeRequest(msg, wire(req)).resolved;
          expect(hex(encodeResponse(msg, wire(res), resolved))).toBe(hex(generated));
          const decoded = decodeReply(msg, generated, resolved);
          expect(decoded.error).toBeUndefined();
          expect(plain(props(decoded.value))).toEqual(plain(response.decode(generated, req)));
        }),
        { numRuns: RUNS },
      );
    });
});
