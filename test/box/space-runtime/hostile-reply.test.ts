/**
 * Box replies a space's requests must refuse: every malformed body is a typed error (DecodeError, or the
 * server's ServerError), never an out-of-bounds read, a partial value or an allocation the body can't
 * back; through a real socket the request fails and the client goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BoxSelectRequest, BoxSpace, DecodeError, IProtoClient, IProtoServer, ServerError } from "../../../runtime/index.js";
import { scoresPrimary, scoresTuple, scoresUpdate } from "./codecs.js";

const select = new BoxSelectRequest(0, scoresPrimary, [[1]], 0, 10, scoresTuple);
const hexBody = (spaced: string): Uint8Array => Buffer.from(spaced.replace(/\s+/g, ""), "hex");
/** One valid Scores tuple (1, "a", 2): size 12, cardinality 3. */
const TUPLE = "0c000000 03000000 0401000000 0161 0402000000";

describe("malformed Box replies", () => {
  it("decodes a well-formed reply (the control)", () => {
    expect(select.decodeResponse(hexBody(`00000000 01000000 ${TUPLE}`))).toEqual({ count: 1, tuples: [{ id: 1, name: "a", score: 2, tail: [] }] });
  });

  const cases: [string, string, RegExp][] = [
    ["an empty body", "", /needs 4 bytes, 0 left/],
    ["a count cut short", "00000000 0100", /needs 4 bytes, 2 left/],
    ["a count the body cannot hold", "00000000 ffffffff", /count 4294967295 exceeds the 0 bytes left/],
    ["a tuple header cut short", `00000000 02000000 ${TUPLE} 0c000000`, /tuples\[1\] at byte 28: needs 8 bytes, 4 left/],
    ["a size beyond the body", "00000000 01000000 ff000000 03000000 0401000000", /size 255 exceeds the 5 bytes left/],
    ["a cardinality the space cannot have", "00000000 01000000 0c000000 02000000 0401000000 0161 0402000000", /a tuple of 2 fields; Scores has 3 \+ 1·n/],
    ["a NUM field of 3 bytes", "00000000 01000000 0b000000 03000000 03010000 0161 0402000000", /length prefix is not 4/],
    ["a size that ends inside a field", "00000000 01000000 0a000000 03000000 0401000000 0161 0402000000", /bad field length/],
    ["bytes after the last tuple", `00000000 01000000 ${TUPLE} 00`, /1 bytes left over after the last field/],
    ["an error reply without its NUL", "02020000 6f6f7073", /no NUL terminator/],
    ["an error text that is not UTF-8", "02020000 ff00", /invalid UTF-8/],
  ];
  for (const [what, body, message] of cases) {
    it(`refuses ${what} with a DecodeError`, () => {
      const error = (() => {
        try {
          select.decodeResponse(hexBody(body));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(DecodeError);
      expect(String((error as Error).message)).toMatch(message);
    });
  }

  it("an error reply is a ServerError: severity 1 temporary, 2 permanent", () => {
    const read = (code: string) => {
      try {
        select.decodeResponse(hexBody(`${code} 6f6f707300`));
      } catch (e) {
        return e as ServerError;
      }
      throw new Error("no error");
    };
    expect(read("01370000")).toMatchObject({ returnCode: 0x3701, serverMessage: "oops", temporary: true });
    expect(read("02370000")).toMatchObject({ returnCode: 0x3702, temporary: false });
  });
});

describe("a malformed reply through a socket", () => {
  let server: IProtoServer;
  let client: IProtoClient;
  beforeAll(async () => {
    let n = 0;
    // The first reply is cut inside its tuple; every later one is well formed.
    server = new IProtoServer({
      host: "127.0.0.1",
      port: 0,
      handler: () => (n++ === 0 ? hexBody("00000000 01000000 0c000000 03000000 0401") : hexBody(`00000000 01000000 ${TUPLE}`)),
    });
    const { port } = await server.listen();
    client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: 30_000 });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("fails that request with a DecodeError and serves the next", async () => {
    const scores = new BoxSpace(client, 0, scoresTuple, scoresPrimary, scoresUpdate);
    await expect(scores.get([1])).rejects.toThrow(DecodeError);
    expect(await scores.get([1])).toEqual({ id: 1, name: "a", score: 2, tail: [] });
  });
});
