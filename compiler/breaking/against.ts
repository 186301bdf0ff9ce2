/**
 * The old side of `iprotoc breaking --against`: a directory holding the old schema files at the same
 * relative paths, or a git revision, read with `git show <rev>:<path>` and listed with `git ls-tree`
 * (no checkout, the working tree is untouched).
 *
 * Old files get paths of their own so locations never mix the two versions: `<dir>/<path>` for a
 * directory, `<rev>:/<path from the repository root>` for a revision (imports then resolve inside the
 * revision, as `rev:/` acts as its root directory).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { posix, relative, resolve } from "node:path";
import type { SourceHost } from "../checks/load.js";
import { normalizePath } from "../checks/paths.js";

/** `--against` names neither a directory nor a revision, or git fails: a usage error. */
export class AgainstError extends Error {
  override readonly name = "AgainstError";
  readonly code = "BREAKING_AGAINST";
}

export interface OldTree {
  /** `directory \`old/\`` or `git revision \`HEAD~1\``, for messages. */
  readonly description: string;
  readonly host: SourceHost;
  /** The old path of a file given by its path relative to the working directory. */
  oldPath(relPath: string): string;
  /** The inverse of oldPath (undefined for a path outside the old tree). */
  newPath(oldPath: string): string | undefined;
  /** Old `.iproto` files below a directory given relative to the working directory. */
  schemasBelow(relDir: string): string[];
}

function git(cwd: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

export function openOldTree(against: string, cwd: string): OldTree {
  let isDirectory = false;
  try {
    isDirectory = statSync(resolve(cwd, against)).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (isDirectory) return directoryTree(normalizePath(against), cwd);
  if (git(cwd, ["rev-parse", "--verify", "--quiet", `${against}^{commit}`]) === undefined) {
    if (git(cwd, ["rev-parse", "--git-dir"]) === undefined) {
      throw new AgainstError(`\`--against ${against}\` is not a directory, and ${cwd} is not in a git repository to read a revision from`);
    }
    throw new AgainstError(`\`--against ${against}\` is neither a directory nor a git revision`);
  }
  return revisionTree(against, cwd);
}

function directoryTree(dir: string, cwd: string): OldTree {
  const prefix = dir === "." ? "" : `${dir}/`;
  return {
    description: `directory \`${dir}\``,
    host: {
      readFile(path) {
        try {
          return readFileSync(resolve(cwd, path), "utf8");
        } catch {
          return undefined;
        }
      },
    },
    oldPath: (rel) => normalizePath(`${prefix}${rel}`),
    newPath: (old) => (old.startsWith(prefix) ? old.slice(prefix.length) : undefined),
    schemasBelow(relDir) {
      const root = resolve(cwd, prefix, relDir);
      return listSchemas(root).map((abs) => normalizePath(relative(resolve(cwd, prefix), abs)));
    },
  };
}

function listSchemas(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = resolve(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith(".") || e.name === "node_modules" ? [] : listSchemas(path);
    return e.name.endsWith(".iproto") ? [path] : [];
  });
}

function revisionTree(rev: string, cwd: string): OldTree {
  // Where the working directory is inside the repository: paths given relative to it are prefixed with this.
  const prefix = git(cwd, ["rev-parse", "--show-prefix"])?.trim() ?? "";
  const root = `${rev}:/`;
  const cache = new Map<string, string | undefined>();
  return {
    description: `git revision \`${rev}\``,
    host: {
      readFile(path) {
        if (!path.startsWith(root)) return undefined;
        const inRepo = path.slice(root.length);
        if (!cache.has(inRepo)) cache.set(inRepo, git(cwd, ["show", `${rev}:${inRepo}`]));
        return cache.get(inRepo);
      },
    },
    oldPath: (rel) => `${root}${posix.normalize(`${prefix}${rel}`)}`,
    newPath(old) {
      if (!old.startsWith(root)) return undefined;
      const inRepo = old.slice(root.length);
      return inRepo.startsWith(prefix) ? inRepo.slice(prefix.length) : posix.relative(prefix, inRepo);
    },
    schemasBelow(relDir) {
      const listed = git(cwd, ["ls-tree", "-r", "--name-only", "--full-name", rev, "--", relDir === "." ? "." : relDir]) ?? "";
      return listed
        .split("\n")
        .filter((p) => p.endsWith(".iproto"))
        .map((p) => (p.startsWith(prefix) ? p.slice(prefix.length) : posix.relative(prefix, p)));
    },
  };
}
