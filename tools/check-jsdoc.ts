/**
 * Lists the exported symbols of every package that have no JSDoc `@example` (the rule: every
 * exported symbol has JSDoc with an example). Reads the sources with the TypeScript compiler API.
 *
 * Counted: each package's own exports (a re-export of another package's symbol counts there),
 * values and types; with `--members`, also the public methods, accessors and properties of its
 * exported classes. Not counted: names starting with `_` and declarations tagged `@internal`.
 *
 * Usage: tsx tools/check-jsdoc.ts [--members] [--warn] [--quiet] [package dir ...]
 *   --warn   exit 0 even when symbols lack an example (CI, until the packages are complete)
 *   --quiet  print the per-package counts only, not the list
 */
import { relative } from "node:path";
import ts from "typescript";
import { moduleExports, root, sourceProgram, workspacePackages } from "./package-exports.ts";

interface Gap {
  /** `Queue` or `Queue.getNowait`. */
  name: string;
  kind: "value" | "type" | "member";
  /** What is missing: no JSDoc at all, or JSDoc without an `@example`. */
  missing: "jsdoc" | "example";
  where: string;
}

interface Report {
  pkg: string;
  checked: number;
  gaps: Gap[];
}

const args = process.argv.slice(2);
const withMembers = args.includes("--members");
const warnOnly = args.includes("--warn");
const quiet = args.includes("--quiet");
const only = args.filter((a) => !a.startsWith("--"));

const packages = workspacePackages().filter((p) => only.length === 0 || only.includes(p.dir));
const program = sourceProgram(packages.map((p) => p.entry));
const checker = program.getTypeChecker();

function jsDocOf(node: ts.Node): { has: boolean; example: boolean; internal: boolean } {
  // Variable declarations carry their JSDoc on the statement.
  const target =
    ts.isVariableDeclaration(node) && ts.isVariableStatement(node.parent.parent)
      ? node.parent.parent
      : node;
  const docs = ts.getJSDocCommentsAndTags(target).filter(ts.isJSDoc);
  const tags = docs.flatMap((d) => d.tags ?? []);
  return {
    has: docs.length > 0,
    example: tags.some((t) => t.tagName.text === "example"),
    internal: tags.some((t) => t.tagName.text === "internal"),
  };
}

/** The file's leading `@module` JSDoc (for `export * as ns from "./file.js"`). */
function moduleDoc(sf: ts.SourceFile): { has: boolean; example: boolean; internal: boolean } {
  const first = sf.statements[0];
  const docs = first ? ts.getJSDocCommentsAndTags(first).filter(ts.isJSDoc) : [];
  const tags = docs.flatMap((d) => d.tags ?? []);
  const isModule = tags.some((t) => t.tagName.text === "module");
  return {
    has: isModule,
    example: isModule && tags.some((t) => t.tagName.text === "example"),
    internal: false,
  };
}

function docOfSymbol(symbol: ts.Symbol): { has: boolean; example: boolean; internal: boolean } {
  const decls = symbol.declarations ?? [];
  let has = false;
  let example = false;
  let internal = decls.length > 0;
  for (const d of decls) {
    const doc = ts.isSourceFile(d) ? moduleDoc(d) : jsDocOf(d);
    has ||= doc.has;
    example ||= doc.example;
    internal &&= doc.internal;
  }
  return { has, example, internal };
}

function where(symbol: ts.Symbol): string {
  const d = symbol.declarations?.[0];
  if (!d) return "?";
  const sf = d.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(d.getStart());
  return `${relative(root, sf.fileName)}:${line + 1}`;
}

function isOwn(symbol: ts.Symbol, dir: string): boolean {
  const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
  return relative(root, file).startsWith(`packages/${dir}/src/`);
}

function isType(symbol: ts.Symbol): boolean {
  return (symbol.flags & ts.SymbolFlags.Value) === 0;
}

function members(cls: ts.Symbol): ts.Symbol[] {
  const out: ts.Symbol[] = [];
  const decl = cls.declarations?.find(ts.isClassDeclaration);
  if (!decl) return out;
  for (const m of decl.members) {
    if (ts.isConstructorDeclaration(m) || ts.isClassStaticBlockDeclaration(m)) continue;
    if (!m.name || ts.isPrivateIdentifier(m.name)) continue;
    const mods = ts.getCombinedModifierFlags(m as ts.Declaration);
    if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
    const sym = checker.getSymbolAtLocation(m.name);
    if (!sym || sym.getName().startsWith("_") || out.includes(sym)) continue;
    // Overrides and interface implementations inherit the documentation of what they override.
    if (mods & ts.ModifierFlags.Override) continue;
    out.push(sym);
  }
  return out;
}

const reports: Report[] = [];
for (const pkg of packages) {
  const gaps: Gap[] = [];
  let checked = 0;
  for (const { name, target } of moduleExports(program, pkg.entry)) {
    if (name.startsWith("_") || !isOwn(target, pkg.dir)) continue;
    const doc = docOfSymbol(target);
    if (doc.internal) continue;
    checked++;
    const kind = isType(target) ? "type" : "value";
    if (!doc.example) {
      gaps.push({ name, kind, missing: doc.has ? "example" : "jsdoc", where: where(target) });
    }
    if (withMembers && target.flags & ts.SymbolFlags.Class) {
      for (const m of members(target)) {
        const mdoc = docOfSymbol(m);
        if (mdoc.internal) continue;
        checked++;
        if (!mdoc.example) {
          const missing = mdoc.has ? "example" : "jsdoc";
          gaps.push({ name: `${name}.${m.getName()}`, kind: "member", missing, where: where(m) });
        }
      }
    }
  }
  reports.push({ pkg: pkg.name, checked, gaps });
}

let total = 0;
for (const r of reports) {
  total += r.gaps.length;
  if (quiet || r.gaps.length === 0) continue;
  console.log(`\n${r.pkg}: ${r.gaps.length} without @example`);
  for (const g of r.gaps) {
    const what = g.missing === "jsdoc" ? "no JSDoc" : "no @example";
    console.log(`  ${g.name.padEnd(40)} ${g.kind.padEnd(6)} ${what.padEnd(11)} ${g.where}`);
  }
}
console.log(`\nJSDoc @example gaps${withMembers ? " (exports and class members)" : " (exports)"}:`);
for (const r of reports) {
  const kinds = (["value", "type", "member"] as const)
    .map((k) => [k, r.gaps.filter((g) => g.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}${n === 1 ? "" : "s"}`)
    .join(", ");
  console.log(
    `  ${r.pkg.padEnd(24)} ${String(r.gaps.length).padStart(4)} of ${String(r.checked).padStart(4)}${kinds ? ` (${kinds})` : ""}`,
  );
}
console.log(`  ${"total".padEnd(24)} ${String(total).padStart(4)}`);
if (total > 0 && !warnOnly) process.exit(1);
