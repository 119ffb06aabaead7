import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { type Node, parse } from "acorn";
import { FreeVariableError, NotCallableError, ValueError } from "./errors.js";

/**
 * Any function: the bound of the callables executors take.
 *
 * @example
 * ```ts
 * const f: AnyFunction = (a: number) => a;
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: the widest function type, for generic bounds
export type AnyFunction = (...args: any[]) => unknown;

const TASK_REF = Symbol.for("tsio.executors.TaskRef");

/**
 * A function that a worker imports: a module and the name of one of its exports. Made by
 * `task()`. `F` is the function's type, for typed `submit` and `map`.
 *
 * @example
 * ```ts
 * const fib: TaskRef<(n: number) => number> = task(new URL("./work.js", import.meta.url), "fib");
 * ```
 */
export interface TaskRef<F extends AnyFunction = AnyFunction> {
  /** The module's URL (`file:`, `data:`, `node:`) or a package name. */
  readonly module: string;
  /** The export's name (`"default"` for the default export). */
  readonly name: string;
  /** @internal */ readonly [TASK_REF]: true;
  /** Phantom: the function's type. @internal */
  readonly __type?: F;
}

/**
 * What an executor runs: a function of this module, shipped to the worker by its source text
 * (it must be self-contained), or a `TaskRef` naming a module's export.
 *
 * @example
 * ```ts
 * const c: Callable<(n: number) => number> = (n: number) => n * 2; // or task(url, "double")
 * ```
 */
export type Callable<F extends AnyFunction = AnyFunction> = F | TaskRef<F>;

/**
 * Names a function that workers import from a module: the module as a URL (best:
 * `new URL("./work.js", import.meta.url)`), an absolute path, or a package name resolvable from
 * the current directory; and the export's name (default `"default"`). Unlike a function shipped
 * by its source, such a function may use imports and anything else its module has.
 *
 * Pass its type for typed results: `task<typeof import("./work.js").fib>(url, "fib")`.
 *
 * @throws {ValueError} for a relative path (relative to what? use a URL built on import.meta.url).
 * @example
 * ```ts
 * const fib = task<(n: number) => number>(new URL("./work.js", import.meta.url), "fib");
 * const pool = new ProcessPoolExecutor();
 * console.log(await pool.submit(fib, 30));
 * ```
 */
export function task<F extends AnyFunction = AnyFunction>(
  module: string | URL,
  name = "default",
): TaskRef<F> {
  let spec: string;
  if (module instanceof URL) spec = module.href;
  else if (isAbsolute(module)) spec = pathToFileURL(module).href;
  else if (module.startsWith("./") || module.startsWith("../")) {
    throw new ValueError(
      `task(${JSON.stringify(module)}): a relative path is ambiguous here; pass a URL resolved ` +
        `against your module: task(new URL(${JSON.stringify(module)}, import.meta.url), ${JSON.stringify(name)})`,
    );
  } else spec = module;
  return Object.freeze({ module: spec, name, [TASK_REF]: true as const });
}

/**
 * True for what `task()` returns.
 *
 * @example
 * ```ts
 * isTaskRef(task(url, "fib")); // true
 * ```
 */
export function isTaskRef(value: unknown): value is TaskRef {
  return typeof value === "object" && value !== null && (value as TaskRef)[TASK_REF] === true;
}

/** How a worker finds a function: what crosses to it, once per worker. @internal */
export type FunctionSpec =
  | { kind: "module"; module: string; name: string }
  | { kind: "source"; source: string; name: string; selfName: string | null }
  | { kind: "global"; path: string };

/** A callable checked and numbered for the wire. @internal */
export interface Definition {
  /** Unique in this process; a worker caches the function under it. */
  readonly id: number;
  readonly spec: FunctionSpec;
  /** How error messages name the function: `fib()`. */
  readonly label: string;
}

let nextId = 1;
const byFunction = new WeakMap<AnyFunction, Definition | Error>();
const byModule = new Map<string, Definition>();

/**
 * Checks a callable and returns its definition, or the error that says why it cannot run in a
 * worker (cached: each function is analysed once).
 * @internal
 */
export function define(fn: unknown): Definition | Error {
  if (isTaskRef(fn)) {
    const key = `${fn.module}\0${fn.name}`;
    let def = byModule.get(key);
    if (def === undefined) {
      const spec: FunctionSpec = { kind: "module", module: fn.module, name: fn.name };
      def = { id: nextId++, spec, label: `${fn.name}() from ${fn.module}` };
      byModule.set(key, def);
    }
    return def;
  }
  if (typeof fn !== "function") {
    return new NotCallableError(
      `${describe(fn)} is not callable: submit a function, or task(moduleUrl, exportName)`,
    );
  }
  let def = byFunction.get(fn as AnyFunction);
  if (def === undefined) {
    def = analyse(fn as AnyFunction);
    byFunction.set(fn as AnyFunction, def);
  }
  return def;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  return `a ${(value as object).constructor?.name ?? "Object"}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Parses a function's source and checks that it uses nothing from outside itself. */
function analyse(fn: AnyFunction): Definition | Error {
  const source = Function.prototype.toString.call(fn);
  const label = `${fn.name || "<anonymous>"}()`;
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    const path = globalPath(fn);
    if (path !== undefined)
      return { id: nextId++, spec: { kind: "global", path }, label: `${path}()` };
    return new NotCallableError(
      `${label} is a native or bound function: its source cannot be sent to a worker. ` +
        "Submit a plain function, or task(moduleUrl, exportName).",
    );
  }
  if (/^class\b/.test(source)) {
    return new NotCallableError(`${label} is a class, not a function: it cannot be called.`);
  }
  const parsed = parseFunction(source);
  if (parsed === null) {
    return new NotCallableError(
      `${label}: its source text could not be parsed: ${source.slice(0, 80)}`,
    );
  }
  const selfName = IDENTIFIER.test(fn.name) && isBindable(fn.name) ? fn.name : null;
  const free = freeVariables(parsed.node, selfName);
  if (free.length > 0) {
    let names = free.join(", ");
    if (free.some((n) => n.startsWith("__vite_ssr_import_"))) {
      names += " (Vite's name for an import of your module)";
    }
    const exportName = selfName ?? "myFunction";
    return new FreeVariableError(
      `${label} uses ${names}, defined outside the function: a function sent to a worker by its ` +
        "source must be self-contained (only its text crosses; the worker has its own globals and " +
        "none of your module's variables or imports). Pass the values as arguments, or export the " +
        `function from a module and submit task(new URL("./work.js", import.meta.url), "${exportName}").`,
      free,
    );
  }
  const spec: FunctionSpec = { kind: "source", source: parsed.expression, name: fn.name, selfName };
  return { id: nextId++, spec, label };
}

let globalPaths: Map<unknown, string> | undefined;

/**
 * Where a builtin function lives among the globals (`Math.abs`, `String`, `JSON.stringify`), so
 * that workers can call their own copy: Python's `executor.map(abs, ...)` ports as is.
 */
function globalPath(fn: AnyFunction): string | undefined {
  if (globalPaths === undefined) {
    globalPaths = new Map();
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      if (!/^[A-Za-z]/.test(name)) continue;
      const value = (globalThis as Record<string, unknown>)[name];
      if (typeof value === "function" && !globalPaths.has(value)) globalPaths.set(value, name);
      if ((typeof value !== "object" && typeof value !== "function") || value === null) continue;
      for (const key of Object.getOwnPropertyNames(value)) {
        const desc = Object.getOwnPropertyDescriptor(value, key);
        const member = desc?.value;
        if (typeof member === "function" && !globalPaths.has(member)) {
          globalPaths.set(member, `${name}.${key}`);
        }
      }
    }
  }
  return globalPaths.get(fn);
}

function isBindable(name: string): boolean {
  try {
    parse(`let ${name};`, { ecmaVersion: "latest" });
    return true;
  } catch {
    return false;
  }
}

/** Parses `source` as a function expression; method shorthand (`f(x) {}`) is wrapped. */
function parseFunction(source: string): { node: Node; expression: string } | null {
  const attempts = [`(${source})`, `({${source}})`];
  for (const expression of attempts) {
    try {
      const program = parse(expression, { ecmaVersion: "latest", sourceType: "script" }) as Node & {
        body: { expression: Node & { properties?: { value: Node }[] } }[];
      };
      const expr = program.body[0]?.expression;
      if (expr === undefined) continue;
      if (expr.type === "ObjectExpression") {
        const value = expr.properties?.[0]?.value;
        if (value === undefined) continue;
        return { node: value, expression: `Object.values(${expression})[0]` };
      }
      return { node: expr, expression };
    } catch {
      // try the next form
    }
  }
  return null;
}

type AnyNode = Node & Record<string, unknown>;

/**
 * Names a shipped function may use because the worker defines them around it: `require` (from the
 * current directory) and the helpers that tools inject into compiled functions (Vite/Vitest
 * rewrite `import()` to `__vite_ssr_dynamic_import__`, esbuild's keepNames adds `__name`, and
 * esbuild/tsup bundles rewrite `require` to `__require`). worker.js `compile` provides the same
 * list.
 */
const WORKER_SCOPE = ["require", "__vite_ssr_dynamic_import__", "__name", "__require"];

const FUNCTION_TYPES = new Set([
  "FunctionDeclaration",
  "FunctionExpression",
  "ArrowFunctionExpression",
]);

/**
 * The identifiers a function reads that it does not declare anywhere inside itself and that are
 * not globals. Declarations are collected for the whole function regardless of scope: that can
 * miss a free variable (one declared in another inner scope), never report a false one. The
 * operand of `typeof` is not counted (`typeof window` guards are fine).
 */
function freeVariables(root: Node, selfName: string | null): string[] {
  const declared = new Set<string>(["arguments", ...WORKER_SCOPE]);
  if (selfName !== null) declared.add(selfName);
  const referenced = new Set<string>();

  const declarePattern = (node: AnyNode | null | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case "Identifier":
        declared.add(node.name as string);
        break;
      case "ObjectPattern":
        for (const p of node.properties as AnyNode[]) {
          declarePattern((p.type === "RestElement" ? p.argument : p.value) as AnyNode);
        }
        break;
      case "ArrayPattern":
        for (const e of node.elements as (AnyNode | null)[]) declarePattern(e);
        break;
      case "RestElement":
        declarePattern(node.argument as AnyNode);
        break;
      case "AssignmentPattern":
        declarePattern(node.left as AnyNode);
        break;
    }
  };

  const visit = (node: AnyNode, parent: AnyNode | null, key: string): void => {
    if (node.type === "Identifier") {
      if (!isReference(parent, key)) return;
      referenced.add(node.name as string);
      return;
    }
    if (FUNCTION_TYPES.has(node.type)) {
      if (node.id) declarePattern(node.id as AnyNode);
      for (const p of node.params as AnyNode[]) declarePattern(p);
    } else if (node.type === "VariableDeclarator") {
      declarePattern(node.id as AnyNode);
    } else if (node.type === "CatchClause") {
      declarePattern(node.param as AnyNode | null);
    } else if (node.type === "ClassDeclaration" || node.type === "ClassExpression") {
      if (node.id) declarePattern(node.id as AnyNode);
    } else if (node.type === "UnaryExpression" && node.operator === "typeof") {
      if ((node.argument as AnyNode).type === "Identifier") return;
    }
    for (const k of Object.keys(node)) {
      if (k === "type" || k === "start" || k === "end" || k === "loc" || k === "range") continue;
      const child = node[k];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof c.type === "string") visit(c as AnyNode, node, k);
      } else if (
        child &&
        typeof child === "object" &&
        typeof (child as AnyNode).type === "string"
      ) {
        visit(child as AnyNode, node, k);
      }
    }
  };
  visit(root as AnyNode, null, "");

  const free: string[] = [];
  for (const name of referenced) {
    if (declared.has(name) || name in globalThis) continue;
    free.push(name);
  }
  return free;
}

/** False for identifiers that name a property, a key or a label rather than a variable. */
function isReference(parent: AnyNode | null, key: string): boolean {
  if (parent === null) return true;
  switch (parent.type) {
    case "MemberExpression":
      return key !== "property" || parent.computed === true;
    case "Property":
    case "MethodDefinition":
    case "PropertyDefinition":
      return key !== "key" || parent.computed === true;
    case "LabeledStatement":
    case "BreakStatement":
    case "ContinueStatement":
      return key !== "label";
    case "MetaProperty":
      return false;
    default:
      return true;
  }
}
