/**
 * The Box error table (runtime/box/errors/errcodes.ts) is Tarantool 1.5's errcode.h: every line of
 * ../shared/reference/tarantool15-errcodes.txt, and return codes as the server sends them name their error.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOX_ERRORS, BoxErrorCode, ServerError, boxErrorCode, boxErrorInfo, boxErrorName, isBoxError } from "../../runtime/index.js";
import { TARANTOOL15_DIR } from "../support/tarantool15.js";

const reference = TARANTOOL15_DIR === undefined ? undefined : join(dirname(TARANTOOL15_DIR), "reference/tarantool15-errcodes.txt");

describe("Box error codes", () => {
  it.skipIf(reference === undefined || !existsSync(reference))("match every line of tarantool15-errcodes.txt", () => {
    const lines = readFileSync(reference!, "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => line.split("\t"));
    expect(lines.length).toBe(58);
    expect(BOX_ERRORS.map((e) => [String(e.code), e.name, String(e.severity), JSON.stringify(e.message)])).toEqual(lines);
  });

  it("name the return codes the server sends (code << 8 | severity)", () => {
    expect(boxErrorName(0x3702)).toBe("ER_TUPLE_FOUND");
    expect(boxErrorCode(0x3702)).toBe(55);
    expect(boxErrorName(0x3102)).toBe("ER_TUPLE_NOT_FOUND");
    expect(boxErrorName(0x0401)).toBe("ER_TUPLE_IS_RO");
    expect(boxErrorInfo(0x0701)).toEqual({ code: 7, name: "ER_MEMORY_ISSUE", severity: 1, message: "Failed to allocate %u bytes in %s for %s" });
    expect(boxErrorName(0)).toBe("ER_OK");
    expect(boxErrorName(58 << 8)).toBeUndefined();
    expect(boxErrorName(0xffffff02)).toBeUndefined();
  });

  it("BoxErrorCode gives codes by name; the table has every code once, in order", () => {
    expect(BoxErrorCode.ER_TUPLE_FOUND).toBe(55);
    expect(BoxErrorCode.ER_NO_SUCH_INDEX).toBe(53);
    expect(BOX_ERRORS.map((e) => e.code)).toEqual(Array.from({ length: 58 }, (_, i) => i));
  });

  it("isBoxError tells a ServerError by its Box error name", () => {
    const duplicate = new ServerError(0x3702, "Duplicate key exists in unique index 0", false);
    expect(isBoxError(duplicate, "ER_TUPLE_FOUND")).toBe(true);
    expect(isBoxError(duplicate, "ER_TUPLE_NOT_FOUND")).toBe(false);
    expect(isBoxError(new Error("x"), "ER_OK")).toBe(false);
    expect(isBoxError({ code: "ESERVER", returnCode: 0x3702 }, "ER_TUPLE_FOUND")).toBe(false);
  });
});
