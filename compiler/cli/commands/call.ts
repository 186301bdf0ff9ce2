/**
 * `iprotoc call --schema <files|dirs> <host:port> <Service.Message> [<json>|-]`: builds the request from
 * JSON (the mapping of docs/cli.md), checks it against the schema before anything is sent, sends it with
 * the runtime's IProtoClient and prints the decoded response, or the server's error, as JSON.
 * Exit 0 with a response; 1 for a server error or a failed request (timeout, connection); 2 for usage
 * errors, including a request the schema rejects.
 */
import { EncodeError, IProtoClient, ServerError } from "../../../runtime/index.js";
import { InterpretedRequest, JsonInputError, layoutFromJson, layoutToJson, type Json, type JsonOptions } from "../../wire/index.js";
import { IMPORT_PATH_OPTION } from "../support/args.js";
import { EXIT, UsageError, type CliIo } from "../support/io.js";
import { BYTES_OPTION, SCHEMA_OPTION, SERVICE_OPTION, loadSchemas, readInput, type StdinIo } from "../support/wire-schemas.js";
import type { Command } from "../support/command.js";

const BALANCE = ["round-robin", "hash-crc32", "ketama", "ketama-numeric"] as const;

function positiveNumber(args: Map<string, string | boolean> | ReadonlyMap<string, string | boolean>, name: string): number | undefined {
  const v = args.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`\`--${name}\` must be a positive number of milliseconds; got \`${String(v)}\``);
  return n;
}

async function requestJson(text: string | undefined, io: CliIo & StdinIo): Promise<Json> {
  const source = text === "-" ? new TextDecoder().decode(await readInput("-", io)) : text ?? "{}";
  try {
    return JSON.parse(source) as Json;
  } catch (e) {
    throw new UsageError(`the request is not JSON: ${(e as Error).message}`);
  }
}

export const callCommand: Command = {
  name: "call",
  summary: "send one request typed in JSON and print the response as JSON",
  usage: "iprotoc call --schema <files|dirs> <host:port> <Service.Message> [<json>|-] [--timeout <ms>] [--retry] [--bytes hex|base64]\n       iprotoc call --schema <files|dirs> --servers <list> [--balance <mode>] <Service.Message> [<json>|-]",
  options: [
    SCHEMA_OPTION,
    SERVICE_OPTION,
    { name: "timeout", short: "t", kind: "string", valueName: "<ms>", description: "give up after this many milliseconds (default: the message's timeout, else 5000)" },
    { name: "servers", kind: "string", valueName: "<list>", description: "the runtime's server list (`host:port[*weight],…`) instead of <host:port>" },
    { name: "balance", kind: "string", choices: BALANCE, description: "how --servers are chosen (key-balanced messages: hash-crc32, ketama)" },
    { name: "retry", kind: "boolean", description: "retry on another try as the client would (default: one try only)" },
    BYTES_OPTION,
    IMPORT_PATH_OPTION,
  ],
  async run(args, io: CliIo & StdinIo): Promise<number> {
    const servers = args.options.get("servers");
    const [address, name, text, ...extra] = typeof servers === "string" ? [servers, ...args.positionals] : args.positionals;
    if (address === undefined || name === undefined) throw new UsageError("`call` needs a server (<host:port> or --servers) and a <Service.Message>");
    if (extra.length > 0) throw new UsageError(`unexpected argument \`${extra[0]}\` (quote the JSON request as one argument)`);
    const timeout = positiveNumber(args.options, "timeout");
    const { index, failed } = loadSchemas(args, io, true);
    if (failed || index === undefined) return EXIT.schemaErrors;
    let message;
    try {
      message = index.byName(name);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const options: JsonOptions = { bytes: args.options.get("bytes") === "base64" ? "base64" : "hex" };
    const retry = args.options.get("retry") === true;
    let request: InterpretedRequest;
    try {
      request = new InterpretedRequest(message, layoutFromJson(message.request.items, await requestJson(text, io), "", options), retry);
    } catch (e) {
      if (e instanceof JsonInputError || e instanceof EncodeError) throw new UsageError(`${message.service}.${message.name}: ${e.message} (nothing was sent)`);
      throw e;
    }
    const balance = args.options.get("balance");
    const client = new IProtoClient({
      servers: address,
      timeout: timeout ?? message.timeout ?? 5000,
      ...(retry ? {} : { maxRequestRetries: 1 }),
      ...(typeof balance === "string" ? { balance: balance as (typeof BALANCE)[number] } : {}),
    });
    try {
      const reply = await client.send(request, timeout === undefined ? undefined : { timeout });
      if (message.noReply) {
        io.stderr(`sent ${message.service}.${message.name} (the message has no reply)\n`);
        return EXIT.ok;
      }
      io.stdout(`${JSON.stringify(layoutToJson(message.response?.items ?? [], reply.value ?? {}, options))}\n`);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof ServerError) {
        io.stdout(`${JSON.stringify({ error: { code: e.returnCode, message: e.serverMessage, temporary: e.temporary } })}\n`);
        return EXIT.schemaErrors;
      }
      io.stderr(`iprotoc: ${message.service}.${message.name} failed: ${(e as Error).message}\n`);
      return EXIT.schemaErrors;
    } finally {
      await client.close();
    }
  },
};
