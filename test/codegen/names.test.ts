/**
 * The naming rules (compiler/emitter/plan/names.ts). The name-breaking schema (corpus/names.iproto) proves them
 * end to end: it compiles, type-checks (tsc.test.ts) and round-trips against Perl (parity.test.ts).
 */
import { describe, expect, it } from "vitest";
import { ModuleNames, ident, methodName, methodNames, namespaceName, prop } from "../../compiler/emitter/plan/names.js";
import { Suite } from "./support/suite.js";

describe("names", () => {
  it("escapes reserved words and shadowed globals one-to-one with a trailing $", () => {
    for (const word of ["delete", "class", "default", "string", "undefined", "NaN", "Uint8Array", "BigInt", "Math", "Partial"]) {
      expect(ident(word)).toBe(`${word}$`);
    }
    expect(ident("select")).toBe("select");
    expect(ident("t")).toBe("t");
  });

  it("escapes only the property names that objects or classes treat specially", () => {
    expect(["__proto__", "constructor", "prototype"].map((n) => prop(n))).toEqual(["__proto__$", "constructor$", "prototype$"]);
    expect(prop("delete")).toBe("delete");
    expect(prop("toString")).toBe("toString");
  });

  it("turns message names into method names", () => {
    expect(["Select", "GetUser", "PING", "HTTPGet", "Delete13", "get_user", "Constructor"].map(methodName)).toEqual([
      "select",
      "getUser",
      "ping",
      "httpGet",
      "delete13",
      "get_user",
      "constructor$",
    ]);
    expect(methodNames(["GetUser", "getUser", "constructor", "Constructor"])).toEqual(["getUser", "getUser_", "constructor$", "constructor$_"]);
  });

  it("keeps declared names and suffixes derived ones until unique", () => {
    const m = new ModuleNames();
    expect(m.declared("FooInit")).toBe("FooInit");
    expect(m.declared("Object")).toBe("Object$");
    expect(m.derived("FooInit")).toBe("FooInit_");
    expect(m.derived("FooInit")).toBe("FooInit__");
    expect(m.derived("ObjectInit")).toBe("ObjectInit");
  });

  it("names index.ts namespaces after files", () => {
    expect(namespaceName("schemas/users-v2.iproto")).toBe("users_v2");
    expect(namespaceName("a/2fa.iproto")).toBe("_2fa");
    expect(namespaceName("x/class.iproto")).toBe("class$");
  });

  it("resolves the collisions of the name-breaking schema as planned", () => {
    const suite = new Suite("names-plan", ["test/codegen/corpus/names.iproto"]);
    const plan = [...suite.plans.values()][0]!;
    const select = [...plan.messages].find(([m]) => m.name === "Select")![1];
    expect(select.request).toBe("SelectRequest_"); // struct SelectRequest keeps its name
    expect(select.requestInit).toBe("SelectRequestInit__"); // struct SelectRequestInit and its own Init first
    const object = [...plan.structs].find(([s]) => s.name === "Object")![1];
    expect(object.layout.type).toBe("Object$");
    expect(object.layout.init).toBe("ObjectInit_"); // struct ObjectInit is declared
    expect(object.encode).toBe("encodeObject_"); // const encodeObject is declared
  });
});
