/**
 * The services of a checked program, indexed for the wire tools: messages by `Service.Message` name
 * (`call`) and by message code (`decode`), optionally narrowed to one service.
 */
import type { MessageModel, ProgramModel, ServiceModel } from "../model/model.js";

export class SchemaIndex {
  readonly services: readonly ServiceModel[];
  readonly #byCode = new Map<number, MessageModel[]>();

  /** @param service when given, only this service's messages (by name, with or without its package). */
  constructor(program: ProgramModel, service?: string) {
    const all: { service: ServiceModel; pkg: string | undefined }[] = [];
    for (const file of program.files) {
      for (const d of file.declarations) if (d.kind === "service") all.push({ service: d, pkg: file.package });
    }
    const chosen = service === undefined ? all : all.filter((s) => s.service.name === service || `${s.pkg}.${s.service.name}` === service);
    if (service !== undefined && chosen.length === 0) {
      throw new Error(`no service \`${service}\` in the schemas (services: ${all.map((s) => s.service.name).join(", ") || "none"})`);
    }
    this.services = chosen.map((s) => s.service);
    for (const s of this.services) {
      for (const m of s.messages) this.#byCode.set(m.code, [...(this.#byCode.get(m.code) ?? []), m]);
    }
  }

  /** The messages with this code (several when services share a code; the first is used). */
  byCode(code: number): readonly MessageModel[] {
    return this.#byCode.get(code) ?? [];
  }

  /** `Service.Message`, or a bare `Message` when only one service has it. */
  byName(name: string): MessageModel {
    const dot = name.lastIndexOf(".");
    const serviceName = dot < 0 ? undefined : name.slice(0, dot);
    const messageName = dot < 0 ? name : name.slice(dot + 1);
    const found = this.services
      .filter((s) => serviceName === undefined || s.name === serviceName || serviceName.endsWith(`.${s.name}`))
      .flatMap((s) => s.messages.filter((m) => m.name === messageName));
    if (found.length === 1) return found[0]!;
    const known = this.services.flatMap((s) => s.messages.map((m) => `${s.name}.${m.name}`));
    if (found.length === 0) throw new Error(`no message \`${name}\` in the schemas (messages: ${known.join(", ") || "none"})`);
    throw new Error(`\`${name}\` is ambiguous: ${found.map((m) => `${m.service}.${m.name}`).join(", ")}`);
  }
}

export function messageLabel(message: MessageModel): string {
  return `${message.service}.${message.name}`;
}
