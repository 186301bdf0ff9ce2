/** Typed handles on generated classes, looked up by name in an imported module. */
import type { IProtoRequest } from "../../../runtime/core/message.js";
import type { MessageModel } from "../../../compiler/model/model.js";
import type { Obj } from "./values.js";

export interface RequestClass {
  new (fields: Obj): IProtoRequest<unknown> & { encode(sync?: number): Uint8Array; readonly fields: Obj };
  readonly msg: number;
  readonly retry: boolean;
  readonly noReply: boolean;
  readonly timeout: number | undefined;
  decodeBody(body: Uint8Array): Obj;
}

export interface ResponseObject {
  decode(body: Uint8Array, request?: Obj): Obj;
  encodeBody(response: Obj, request?: Obj): Uint8Array;
}

export interface StructFunctions {
  encode(value: Obj): Uint8Array;
  decode(bytes: Uint8Array): Obj;
}

export function requestClass(mod: Record<string, unknown>, msg: MessageModel): RequestClass {
  const c = mod[`${msg.name}Request`];
  if (typeof c !== "function") throw new Error(`no ${msg.name}Request`);
  return c as RequestClass;
}

export function responseObject(mod: Record<string, unknown>, msg: MessageModel): ResponseObject {
  const r = mod[`${msg.name}Response`];
  if (typeof r !== "object" || r === null) throw new Error(`no ${msg.name}Response`);
  return r as ResponseObject;
}

export function structFunctions(mod: Record<string, unknown>, name: string): StructFunctions {
  const encode = mod[`encode${name}`];
  const decode = mod[`decode${name}`];
  if (typeof encode !== "function" || typeof decode !== "function") throw new Error(`no encode/decode${name}`);
  return { encode: encode as StructFunctions["encode"], decode: decode as StructFunctions["decode"] };
}
