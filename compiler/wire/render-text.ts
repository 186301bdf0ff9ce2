/**
 * The readable text of `iprotoc decode` (its default format): one header line per frame, then one line
 * per field, `@offset+width`, indented by nesting, with the value in the JSON mapping. Anomalies start
 * with `!`, connection events with `=`.
 */
import type { DecodeRecord, FieldRecord, FrameRecord } from "./frame-decoder.js";

function where(r: { readonly where?: { readonly packet?: number; readonly line?: number; readonly streamOffset?: number; readonly fileOffset?: number } }): string {
  const w = r.where;
  if (w === undefined) return "";
  const parts = [
    w.packet === undefined ? undefined : `packet ${w.packet}`,
    w.line === undefined ? undefined : `line ${w.line}`,
    w.streamOffset === undefined ? undefined : `stream offset ${w.streamOffset}`,
    w.packet === undefined && w.line === undefined && w.fileOffset !== undefined ? `file offset ${w.fileOffset}` : undefined,
  ].filter((p) => p !== undefined);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

function fieldLine(f: FieldRecord): string {
  const label = f.path.endsWith("]") ? f.path.slice(f.path.lastIndexOf("[")) : f.path.slice(f.path.lastIndexOf(".") + 1);
  const at = `@${f.offset}+${f.width ?? "?"}`;
  const value = f.width === null ? "  <- failed here" : f.value === undefined ? ` (${f.type})` : ` ${JSON.stringify(f.value)}`;
  return `${"  ".repeat(f.depth + 1)}${at.padEnd(10)} ${label}:${value}`;
}

function frameText(r: FrameRecord): string[] {
  const role = r.direction === "reply" ? (r.inReplyTo === undefined ? "reply" : `reply to #${r.inReplyTo}`) : "request";
  const name = r.message ?? (r.status === "no-schema" ? "" : "(unknown message)");
  const origin = [r.connection, r.packet === undefined ? undefined : `packet ${r.packet}`, r.time].filter((x) => x !== undefined && x !== "").join(", ");
  const lines = [`#${r.frame} ${role}${r.directionInferred ? "?" : ""} ${name}${name ? " " : ""}msg=${r.msg} len=${r.length} sync=${r.sync}${origin ? `  [${origin}]` : ""}`];
  for (const n of r.notes ?? []) lines.push(`  note: ${n}`);
  if (r.envelope !== undefined && r.fields.length === 0) lines.push(`  envelope: ${JSON.stringify(r.envelope)}`);
  for (const f of r.fields) lines.push(fieldLine(f));
  if (r.serverError !== undefined) {
    const e = r.serverError;
    lines.push(`  server error ${e.code} (0x${e.code.toString(16).padStart(8, "0")}): ${e.message}${e.temporary ? " [temporary]" : ""}`);
  }
  if (r.error !== undefined) lines.push(`  ! ${r.error.message}`);
  if (r.status === "unknown-message") lines.push(`  (no message with code ${r.msg} in the schemas)`);
  if (r.body !== undefined && r.length > 0) lines.push(`  body: ${r.body}`);
  return lines;
}

/** The text of one record, without a trailing newline. */
export function recordText(r: DecodeRecord): string {
  if (r.kind === "frame") return frameText(r).join("\n");
  if (r.kind === "anomaly") return `! ${r.type}: ${r.message}${r.connection ? ` [${r.connection}]` : ""}${where(r)}`;
  return `= ${r.connection ?? "connection"}: ${r.message}`;
}
