/**
 * The public face of every workspace package, read with the TypeScript compiler API from the
 * sources (`packages/<name>/src/index.ts`), values and types alike. Used by tools/check-jsdoc.ts
 * and by the umbrella package's test that every export is reachable from `tsio`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const root = fileURLToPath(new URL("..", import.meta.url));

/** A workspace package that has a `src/index.ts`. */
export interface WorkspacePackage {
  /** The npm name: `@tsio/future`, `tsio`. */
  name: string;
  /** The folder under packages/: `future`, `tsio`. */
  dir: string;
  /** The absolute path of its `src/index.ts`. */
  entry: string;
}

/** Every package under packages/ with a `src/index.ts`, sorted by folder name. */
export function workspacePackages(): WorkspacePackage[] {
  const dir = join(root, "packages");
  return readdirSync(dir)
    .sort()
    .filter((d) => existsSync(join(dir, d, "src", "index.ts")))
    .map((d) => {
      const pkg = JSON.parse(readFileSync(join(dir, d, "package.json"), "utf8")) as {
        name: string;
      };
      return { name: pkg.name, dir: d, entry: join(dir, d, "src", "index.ts") };
    });
}

/**
 * A program over the given entry files, resolving `@tsio/*` and `tsio` to their sources (as
 * vitest does), with the repository's compiler options.
 */
export function sourceProgram(entries: string[]): ts.Program {
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, root);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    baseUrl: root,
    paths: {
      "@tsio/*": ["packages/*/src/index.ts"],
      tsio: ["packages/tsio/src/index.ts"],
    },
  };
  return ts.createProgram(entries, options);
}

/** One exported name of a module, with the symbol it finally refers to (aliases followed). */
export interface ExportedName {
  name: string;
  /** The declaration the export resolves to, through every re-export. */
  target: ts.Symbol;
}

/** Follows re-export aliases to the declared symbol. */
export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The exports of a source file (a module), sorted by name. */
export function moduleExports(program: ts.Program, file: string): ExportedName[] {
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file);
  if (!sf) throw new Error(`${file} is not part of the program`);
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) return [];
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((s) => ({ name: s.getName(), target: resolveAlias(checker, s) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The exports of a namespace export (`export * as ns from "..."`): the members of the module it
 * names, resolved. Returns undefined when `symbol` is not a module namespace.
 */
export function namespaceExports(
  checker: ts.TypeChecker,
  symbol: ts.Symbol,
): ExportedName[] | undefined {
  const target = resolveAlias(checker, symbol);
  if (!(target.flags & ts.SymbolFlags.ValueModule)) return undefined;
  return checker
    .getExportsOfModule(target)
    .map((s) => ({ name: s.getName(), target: resolveAlias(checker, s) }));
}
