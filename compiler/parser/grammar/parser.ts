/**
 * The .iproto grammar as a Chevrotain CstParser (see docs/language.md, "Grammar"). One instance is shared
 * by every parse (building a parser runs the grammar self-analysis, which is slow); `parseTokens` resets it.
 *
 * The grammar is deliberately a little looser than the language in three places, so the checks can say
 * precisely what is wrong instead of a generic "unexpected token": top-level statements may come in any
 * order (the builder reports a misplaced `package`/`import`), envelope items may come in any order, and the
 * words after `as`, after the comma of a length spec and in `envelope none` are plain names.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { CstParser } from "../../lexer/chevrotain.js";
import { MAX_SYNTAX_ERRORS } from "../../lexer/lexer.js";
import * as T from "../../lexer/tokens.js";
import type { FileCstNode } from "./cst.js";
import { errorMessages } from "./error-messages.js";

/** Thrown out of the parse once MAX_SYNTAX_ERRORS were saved; caught in parseTokens. */
class TooManyErrors extends Error {}

/** Chevrotain's hook every recognition error passes through (not in its public types). */
interface ErrorHook {
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
}

class IprotoParser extends CstParser {
  /** `validate`: run Chevrotain's grammar checks (ambiguities, left recursion); see validateGrammar. */
  constructor(validate = false) {
    super([...T.ALL_TOKENS], {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: errorMessages,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }


  // ------------------------------------------------------------------------------------- top level

  file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.packageDecl) },
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.constDecl) },
        { ALT: () => this.SUBRULE(this.enumDecl) },
        { ALT: () => this.SUBRULE(this.structDecl) },
        { ALT: () => this.SUBRULE(this.envelopeDecl) },
        { ALT: () => this.SUBRULE(this.serviceDecl) },
        { ALT: () => this.SUBRULE(this.spaceDecl) },
        { ALT: () => this.SUBRULE(this.procedureDecl) },
      ]);
    });
  });

  packageDecl = this.RULE("packageDecl", () => {
    this.CONSUME(T.Package);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.Semicolon);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Semicolon);
  });

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeRef);
    });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semicolon);
  });

  /** `enum` and `flags` declarations. */
  enumDecl = this.RULE("enumDecl", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Enum) }, { ALT: () => this.CONSUME(T.Flags) }]);
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.enumMember));
    this.CONSUME(T.RBrace);
  });

  enumMember = this.RULE("enumMember", () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semicolon);
  });

  structDecl = this.RULE("structDecl", () => {
    this.CONSUME(T.Struct);
    this.CONSUME(T.Name);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.layoutItem));
    this.CONSUME(T.RBrace);
  });

  envelopeDecl = this.RULE("envelopeDecl", () => {
    this.CONSUME(T.Envelope);
    this.CONSUME(T.Name);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.errorClause) },
        { ALT: () => this.SUBRULE(this.retryWhenClause) },
        { ALT: () => this.SUBRULE(this.layoutItem) },
      ]);
    });
    this.CONSUME(T.RBrace);
  });

  errorClause = this.RULE("errorClause", () => {
    this.CONSUME(T.ErrorKw);
    this.CONSUME(T.If);
    this.SUBRULE(this.expr);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.layoutItem));
    this.CONSUME(T.RBrace);
  });

  retryWhenClause = this.RULE("retryWhenClause", () => {
    this.CONSUME(T.RetryWhen);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semicolon);
  });

  serviceDecl = this.RULE("serviceDecl", () => {
    this.CONSUME(T.Service);
    this.CONSUME(T.Name);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.envelopeOption) },
        { ALT: () => this.SUBRULE(this.timeoutOption) },
        { ALT: () => this.SUBRULE(this.messageDecl) },
      ]);
    });
    this.CONSUME(T.RBrace);
  });

  envelopeOption = this.RULE("envelopeOption", () => {
    this.CONSUME(T.Envelope);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.Semicolon);
  });

  timeoutOption = this.RULE("timeoutOption", () => {
    this.CONSUME(T.Timeout);
    this.CONSUME(T.IntLiteral);
    this.CONSUME(T.Semicolon);
  });

  messageDecl = this.RULE("messageDecl", () => {
    this.CONSUME(T.Message);
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.layoutBlock) },
        { ALT: () => this.SUBRULE(this.flagOption) },
        { ALT: () => this.SUBRULE(this.keyOption) },
        { ALT: () => this.SUBRULE(this.timeoutOption) },
        { ALT: () => this.SUBRULE(this.retryWhenClause) },
        { ALT: () => this.SUBRULE(this.envelopeOption) },
      ]);
    });
    this.CONSUME(T.RBrace);
  });

  layoutBlock = this.RULE("layoutBlock", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Request) }, { ALT: () => this.CONSUME(T.Response) }]);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.layoutItem));
    this.CONSUME(T.RBrace);
  });

  /** `retry;` and `no_reply;`. */
  flagOption = this.RULE("flagOption", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Retry) }, { ALT: () => this.CONSUME(T.NoReply) }]);
    this.CONSUME(T.Semicolon);
  });

  keyOption = this.RULE("keyOption", () => {
    this.CONSUME(T.Key);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.Semicolon);
  });

  // ----------------------------------------------------------------------------------- Box spaces

  /** `space Users = 0 { fields; tail { fields } index name = 0 tree unique (field, …); }` */
  spaceDecl = this.RULE("spaceDecl", () => {
    this.CONSUME(T.Space);
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { GATE: () => this.LA(2).tokenType !== T.Colon, ALT: () => this.SUBRULE(this.indexDecl) },
        { GATE: () => this.LA(2).tokenType === T.LBrace, ALT: () => this.SUBRULE(this.tailDecl) },
        { ALT: () => this.SUBRULE(this.fieldDecl) },
      ]);
    });
    this.CONSUME(T.RBrace);
  });

  /** The index's kind (`hash`, `tree`) and `unique` are plain words: the checks name a wrong one. */
  indexDecl = this.RULE("indexDecl", () => {
    this.CONSUME(T.Index);
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
    this.MANY(() => this.CONSUME2(T.Name, { LABEL: "word" }));
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME3(T.Name, { LABEL: "part" }) });
    this.CONSUME(T.RParen);
    this.CONSUME(T.Semicolon);
  });

  tailDecl = this.RULE("tailDecl", () => {
    this.CONSUME(T.Tail);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.layoutItem));
    this.CONSUME(T.RBrace);
  });

  /**
   * `procedure box.select_by_name(name: string, limit: u32) returns Scores;` — a stored procedure (Box CALL):
   * its Lua name (dots allowed), its arguments, and the tuples it answers with: a space's, an anonymous
   * field list `returns (count: u32, total: u64)`, or none.
   */
  procedureDecl = this.RULE("procedureDecl", () => {
    this.CONSUME(T.Procedure);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.procedureField, { LABEL: "arg" }) });
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.Returns);
      this.OR([
        { ALT: () => this.SUBRULE2(this.qualifiedName, { LABEL: "resultSpace" }) },
        {
          ALT: () => {
            this.CONSUME2(T.LParen, { LABEL: "resultOpen" });
            this.MANY_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.procedureField, { LABEL: "result" }) });
            this.CONSUME2(T.RParen, { LABEL: "resultClose" });
          },
        },
      ]);
    });
    this.CONSUME(T.Semicolon);
  });

  /** One argument or result field: `name: type [as number|bigint]`. */
  procedureField = this.RULE("procedureField", () => {
    this.CONSUME(T.Name, { LABEL: "fieldName" });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Name, { LABEL: "repr" });
    });
  });

  // ---------------------------------------------------------------------------------------- layouts

  layoutItem = this.RULE("layoutItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.padDecl) },
      { ALT: () => this.SUBRULE(this.fieldDecl) },
    ]);
  });

  padDecl = this.RULE("padDecl", () => {
    this.CONSUME(T.Pad);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semicolon);
  });

  fieldDecl = this.RULE("fieldDecl", () => {
    this.CONSUME(T.Name, { LABEL: "fieldName" });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Name, { LABEL: "repr" });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.OR([
        { ALT: () => this.SUBRULE(this.sizeofValue) },
        { ALT: () => this.SUBRULE(this.expr) },
      ]);
    });
    this.OPTION3(() => {
      this.CONSUME(T.If);
      this.SUBRULE2(this.expr, { LABEL: "condition" });
    });
    this.CONSUME(T.Semicolon);
  });

  sizeofValue = this.RULE("sizeofValue", () => {
    this.CONSUME(T.Sizeof);
    this.CONSUME(T.LParen);
    this.CONSUME(T.Name);
    this.CONSUME(T.RParen);
  });

  typeRef = this.RULE("typeRef", () => {
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => this.SUBRULE(this.lengthSpec));
    this.MANY(() => this.SUBRULE(this.countSpec));
  });

  lengthSpec = this.RULE("lengthSpec", () => {
    this.CONSUME(T.Less);
    this.SUBRULE(this.specArg);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME(T.Name, { LABEL: "padding" });
    });
    this.CONSUME(T.Greater);
  });

  countSpec = this.RULE("countSpec", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.specArg);
    this.CONSUME(T.RBracket);
  });

  specArg = this.RULE("specArg", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IntLiteral) },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
    ]);
  });

  qualifiedName = this.RULE("qualifiedName", () => {
    this.CONSUME(T.Name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Name);
    });
  });

  // ------------------------------------------------------------------------------------ expressions

  /**
   * `operand (op operand)*` over every binary operator: precedence and associativity are applied by the
   * AST builder (precedence climbing), which keeps the CST of an expression three levels deep instead of
   * one level per precedence.
   */
  expr = this.RULE("expr", () => {
    this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      this.CONSUME(T.BinaryOp);
      this.SUBRULE2(this.unaryExpr);
    });
  });

  unaryExpr = this.RULE("unaryExpr", () => {
    this.MANY(() => this.CONSUME(T.UnaryOp));
    this.SUBRULE(this.primaryExpr);
  });

  primaryExpr = this.RULE("primaryExpr", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IntLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expr);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });
}

let shared: IprotoParser | undefined;

/**
 * Builds a parser with Chevrotain's grammar checks, which throw on a defect of the grammar. The shared
 * parser skips them (~8 ms of every run of the compiler); a test runs them.
 */
export function validateGrammar(): void {
  new IprotoParser(true);
}

/** The shared parser, built on first use. */
export function parser(): IprotoParser {
  shared ??= new IprotoParser();
  return shared;
}

export type { IprotoParser };

/**
 * Past MAX_SYNTAX_ERRORS the parse is abandoned: recovery from each error costs more the more there are
 * (Chevrotain re-syncs recursively), and 200 KB of garbage took 47 s, then overflowed the stack. The
 * abort is not a recognition error, so Chevrotain rethrows it instead of recovering.
 */
const saveError = (CstParser.prototype as unknown as ErrorHook).SAVE_ERROR;
(IprotoParser.prototype as unknown as ErrorHook).SAVE_ERROR = function (this: IprotoParser, error: IRecognitionException) {
  const saved = saveError.call(this, error);
  if (this.errors.length >= MAX_SYNTAX_ERRORS) throw new TooManyErrors();
  return saved;
};

export interface ParseOutput {
  readonly cst: FileCstNode;
  readonly errors: readonly IRecognitionException[];
  /** Parsing stopped at MAX_SYNTAX_ERRORS: `cst` is empty, `errors` the first ones. */
  readonly stopped: boolean;
}

/** Parses a token vector (comments already removed) into a CST; syntax errors come back, never thrown. */
export function parseTokens(tokens: IToken[]): ParseOutput {
  const p = parser();
  p.input = tokens;
  // The one place the CST meets its generated types (cst.ts, checked against this grammar by a test).
  try {
    const cst = p.file() as FileCstNode;
    return { cst, errors: [...p.errors], stopped: false };
  } catch (error) {
    if (!(error instanceof TooManyErrors)) throw error;
    // The tree is abandoned with the parse: the errors are what there is to report.
    return { cst: { name: "file", children: {} } as FileCstNode, errors: [...p.errors], stopped: true };
  }
}
