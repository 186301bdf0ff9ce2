/**
 * ```perl blocks (the migration guide's MR::IProto code): compiled, not run, by one Perl process. Each
 * block becomes the body of an anonymous sub, so its `use` lines load the modules (MR::IProto is installed
 * for the interop tests) and every statement must parse, without connecting anywhere.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CodeBlock } from "./markdown.js";
import { WORK } from "./workspace.js";

const CHECKER = String.raw`
for my $file (@ARGV) {
  open(my $fh, "<", $file) or die "$file: $!";
  my $code = do { local $/; <$fh> };
  my $ok = eval "no strict; no warnings; sub {\n#line 1 \"$file\"\n$code\n}; 1";
  my $error = $ok ? "" : ($@ =~ s/\n/ /gr);
  print "$file\t$error\n";
}`;

/** Compile errors by block (empty string: none). */
export function compilePerl(blocks: readonly CodeBlock[]): Promise<Map<CodeBlock, string>> {
  const dir = join(WORK, "perl");
  mkdirSync(dir, { recursive: true });
  const files = new Map(blocks.map((b) => [join(dir, `${b.doc.replaceAll("/", "-")}-${b.line}.pl`), b] as const));
  for (const [file, block] of files) writeFileSync(file, block.text);
  return new Promise((done) => {
    if (files.size === 0) return done(new Map());
    execFile("perl", ["-e", CHECKER, ...files.keys()], { timeout: 30_000 }, (error, stdout, stderr) => {
      const result = new Map<CodeBlock, string>();
      for (const line of stdout.split("\n")) {
        const [file = "", message = ""] = line.split("\t");
        const block = files.get(file);
        if (block) result.set(block, message);
      }
      for (const block of files.values()) if (!result.has(block)) result.set(block, `perl did not check it: ${error?.message ?? ""} ${stderr}`);
      done(result);
    });
  });
}
