/**
 * Comments: turning comment tokens into `Comment` nodes, and grouping doc comments into the `DocComment`
 * of the node that follows them.
 */
import type { IToken } from "chevrotain";
import type { SourceText } from "../../diagnostics/source.js";
import { joinSpans } from "../../diagnostics/source.js";
import { DocBlockComment, DocLineComment, LineComment } from "../../lexer/tokens.js";
import type { Comment, DocComment } from "../../ast/ast.js";
import { tokenEnd } from "../../lexer/lexer.js";

export function toComment(token: IToken, source: SourceText): Comment {
  const style =
    token.tokenType === DocBlockComment
      ? "docBlock"
      : token.tokenType === DocLineComment
        ? "docLine"
        : token.tokenType === LineComment
          ? "line"
          : "block";
  return { kind: "comment", style, text: token.image, span: source.span(token.startOffset, tokenEnd(token)) };
}

/**
 * Doc comments keyed by the offset of the first significant token after them: the builder looks a node's
 * first token up here. Several doc comments before one token (`///` lines, or a mix) form one doc.
 */
export function docsByNextToken(comments: readonly Comment[], tokens: readonly IToken[]): Map<number, DocComment> {
  const groups = new Map<number, Comment[]>();
  let t = 0;
  for (const comment of comments) {
    if (comment.style !== "docBlock" && comment.style !== "docLine") continue;
    while (t < tokens.length && (tokens[t]?.startOffset ?? 0) < comment.span.end.offset) t++;
    const next = tokens[t];
    if (next === undefined) continue;
    const group = groups.get(next.startOffset);
    if (group) group.push(comment);
    else groups.set(next.startOffset, [comment]);
  }
  const docs = new Map<number, DocComment>();
  for (const [offset, group] of groups) {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) continue;
    docs.set(offset, { kind: "doc", text: docText(group), comments: group, span: joinSpans(first.span, last.span) });
  }
  return docs;
}

/** The text of a doc: markers, `*` gutters and common indentation removed, blank edges trimmed. */
export function docText(comments: readonly Comment[]): string {
  const lines: string[] = [];
  for (const comment of comments) {
    if (comment.style === "docLine") {
      lines.push(comment.text.slice(3));
    } else {
      const body = comment.text.slice(3, comment.text.endsWith("*/") ? -2 : undefined);
      const bodyLines = body.split(/\r\n|\r|\n/);
      const gutter = bodyLines.slice(1).every((l) => /^\s*\*/.test(l) || l.trim() === "");
      // The first line shares the `/**` line: its leading blanks are not indentation.
      lines.push(...bodyLines.map((l, i) => (i === 0 ? l.trimStart() : gutter ? l.replace(/^\s*\* ?/, "") : l)));
    }
  }
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  const stripped = lines.map((l) => l.slice(common).trimEnd());
  while (stripped.length > 0 && stripped[0] === "") stripped.shift();
  while (stripped.length > 0 && stripped[stripped.length - 1] === "") stripped.pop();
  return stripped.join("\n");
}
