// @ts-check
/**
 * The program every executor worker runs: a worker thread (ThreadPoolExecutor) or a child process
 * (ProcessPoolExecutor). Plain JavaScript so that the same file runs from src/ (tests) and dist/.
 * It agrees with wire.ts and slots.ts on the message shapes and constants below.
 *
 * Calls run one at a time, in the order received, as in a Python worker thread; an async function
 * is awaited before the next call starts.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";

// slots.ts
const SLOT_QUEUED = 1;
const SLOT_STARTED = 2;
// wire.ts
const STATUS_OK = 0;
const STATUS_ERROR = 1;
const STATUS_SKIPPED = 2;

/** @type {(message: unknown) => void} */
let post;
/** @type {Int32Array | null} */
let cells = null;
/** Call entries, four per call: slot, function id, args, chunk flag. @type {unknown[]} */
const queue = [];
let head = 0;
let busy = true; // until the initializer has run
/** @type {Map<number, any>} */
const specs = new Map();
/** @type {Map<number, Function>} */
const functions = new Map();
const requireFromCwd = createRequire(join(process.cwd(), "[tsio-worker]"));

/**
 * @param {string} name
 * @param {string} message
 * @param {Record<string, unknown>} [props]
 */
function namedError(name, message, props) {
  const err = new Error(message);
  err.name = name;
  if (props) Object.assign(err, props);
  return err;
}

/**
 * An Error as a plain object that survives structured clone with its name, stack and own
 * properties (structured clone keeps only message and stack, and only builtin classes).
 * @param {unknown} e
 * @returns {unknown}
 */
function packError(e) {
  if (!(e instanceof Error)) return e;
  /** @type {Record<string, unknown>} */
  const props = {};
  for (const key of Object.keys(e)) {
    if (key === "cause" || key === "errors") continue;
    try {
      props[key] = structuredClone(/** @type {any} */ (e)[key]);
    } catch {
      props[key] = String(/** @type {any} */ (e)[key]);
    }
  }
  /** @type {any} */
  const packed = { __tsioError: true, name: e.name, message: e.message, stack: e.stack, props };
  if ("cause" in e) packed.cause = packError(e.cause);
  if (e instanceof AggregateError) packed.errors = e.errors.map(packError);
  return packed;
}

/**
 * @param {number} slot
 * @param {unknown} error
 */
function postError(slot, error) {
  try {
    post([slot, STATUS_ERROR, packError(error)]);
  } catch {
    post([slot, STATUS_ERROR, packError(new Error(String(error)))]);
  }
}

/**
 * @param {number} slot
 * @param {unknown} value
 */
function postResult(slot, value) {
  try {
    post([slot, STATUS_OK, value]);
  } catch (e) {
    const message =
      `the result cannot be sent back from the worker: ${/** @type {Error} */ (e).message} ` +
      "Results cross by structured clone: return plain data (no functions, symbols, promises, " +
      "handles; class instances arrive as plain objects).";
    postError(slot, namedError("CloneError", message, { position: "result" }));
  }
}

/**
 * The function for a spec: imported (a promise on first use) or compiled from its source.
 * @param {any} spec
 * @returns {Function | Promise<Function>}
 */
function load(spec) {
  if (spec.kind === "source") return compile(spec);
  if (spec.kind === "global") {
    const keys = spec.path.split(".");
    /** @type {any} */
    let owner = globalThis;
    for (let i = 0; i < keys.length - 1; i++) owner = owner[keys[i]];
    const fn = owner[keys[keys.length - 1]];
    if (typeof fn !== "function")
      throw namedError("AttributeError", `${spec.path} is not a function here`);
    return keys.length > 1 ? fn.bind(owner) : fn;
  }
  return importModule(spec.module).then((mod) => {
    if (!(spec.name in mod)) {
      const names = Object.keys(mod).join(", ") || "none";
      throw namedError(
        "AttributeError",
        `module ${spec.module} has no export named ${JSON.stringify(spec.name)} (its exports: ${names})`,
      );
    }
    const fn = mod[spec.name];
    if (typeof fn !== "function") {
      throw namedError(
        "NotCallableError",
        `export ${JSON.stringify(spec.name)} of ${spec.module} is not a function (it is ${fn === null ? "null" : typeof fn})`,
      );
    }
    return fn;
  });
}

/**
 * @param {string} specifier
 * @returns {Promise<Record<string, unknown>>}
 */
async function importModule(specifier) {
  let url = specifier;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
    // A package name: resolve it from the current directory, not from this file.
    try {
      url = pathToFileURL(requireFromCwd.resolve(specifier)).href;
    } catch {
      // leave it to import(), which knows packages' "import" conditions
    }
  }
  try {
    return await import(url);
  } catch (e) {
    const code = /** @type {any} */ (e)?.code;
    if (
      code === "ERR_MODULE_NOT_FOUND" ||
      code === "MODULE_NOT_FOUND" ||
      code === "ERR_UNSUPPORTED_DIR_IMPORT"
    ) {
      throw namedError(
        "ModuleNotFoundError",
        `cannot import ${specifier} in the worker: ${/** @type {Error} */ (e).message}`,
        { cause: packError(e) },
      );
    }
    throw e;
  }
}

/**
 * @param {any} spec
 * @returns {Function}
 */
function compile(spec) {
  const url = `tsio-task:///${encodeURIComponent(spec.name || "anonymous")}.js`;
  const body = spec.selfName
    ? `const ${spec.selfName} = ${spec.source};\nreturn ${spec.selfName};`
    : `return ${spec.source};`;
  // The names callable.ts WORKER_SCOPE allows.
  const dynamicImport = (/** @type {string} */ specifier) => import(specifier);
  const keepName = (/** @type {Function} */ fn) => fn;
  return new Function(
    "require",
    "__vite_ssr_dynamic_import__",
    "__name",
    "__require",
    `${body}\n//# sourceURL=${url}`,
  )(requireFromCwd, dynamicImport, keepName, requireFromCwd);
}

/**
 * A ReferenceError thrown by a shipped function itself means it used a variable it did not bring.
 * @param {unknown} e
 * @param {any} spec
 */
function explain(e, spec) {
  if (!(e instanceof ReferenceError) || spec?.kind !== "source") return e;
  const match = /^(\S+) is not defined$/.exec(e.message);
  const firstFrame = e.stack?.split("\n")[1] ?? "";
  if (!match || !firstFrame.includes("tsio-task:///")) return e;
  const name = match[1];
  return namedError(
    "FreeVariableError",
    `${spec.name || "<anonymous>"}() uses ${name}, which is not defined in the worker: a function ` +
      "sent by its source must be self-contained. Pass the value as an argument, or export the " +
      `function from a module and submit task(new URL("./work.js", import.meta.url), "${spec.name || "myFunction"}").`,
    { names: [name], stack: e.stack },
  );
}

/**
 * Runs fn over a chunk of argument lists; a promise if one call is async.
 * @param {Function} fn
 * @param {unknown[][]} calls
 */
function runChunk(fn, calls) {
  const results = new Array(calls.length);
  for (let i = 0; i < calls.length; i++) {
    const r = fn(...calls[i]);
    if (r !== null && typeof r === "object" && typeof r.then === "function") {
      return (async () => {
        results[i] = await r;
        for (let j = i + 1; j < calls.length; j++) results[j] = await fn(...calls[j]);
        return results;
      })();
    }
    results[i] = r;
  }
  return results;
}

/** Runs the queued calls in order; returns while an async call or an import is pending. */
function drain() {
  busy = true;
  while (head < queue.length) {
    const slot = /** @type {number} */ (queue[head]);
    const id = /** @type {number} */ (queue[head + 1]);
    const args = /** @type {unknown[]} */ (queue[head + 2]);
    const chunk = queue[head + 3] === 1;
    queue[head + 2] = undefined;
    head += 4;
    if (
      cells !== null &&
      Atomics.compareExchange(cells, slot, SLOT_QUEUED, SLOT_STARTED) !== SLOT_QUEUED
    ) {
      post([slot, STATUS_SKIPPED, undefined]);
      continue;
    }
    let fn = functions.get(id);
    if (fn === undefined) {
      let loaded;
      try {
        loaded = load(specs.get(id));
      } catch (e) {
        postError(slot, e);
        continue;
      }
      if (typeof loaded !== "function") {
        loaded.then(
          (f) => {
            functions.set(id, f);
            runThen(slot, id, f, args, chunk);
          },
          (e) => {
            postError(slot, e);
            drain();
          },
        );
        return;
      }
      fn = loaded;
      functions.set(id, fn);
    }
    if (!run(slot, id, fn, args, chunk)) return;
  }
  queue.length = 0;
  head = 0;
  busy = false;
}

/**
 * Runs one call; false if it returned a promise (drain resumes when it settles).
 * @param {number} slot
 * @param {number} id
 * @param {Function} fn
 * @param {unknown[]} args
 * @param {boolean} chunk
 */
function run(slot, id, fn, args, chunk) {
  let result;
  try {
    result = chunk ? runChunk(fn, /** @type {unknown[][]} */ (args)) : fn(...args);
  } catch (e) {
    postError(slot, explain(e, specs.get(id)));
    return true;
  }
  if (result !== null && typeof result === "object" && typeof result.then === "function") {
    result.then(
      (/** @type {unknown} */ v) => {
        postResult(slot, v);
        drain();
      },
      (/** @type {unknown} */ e) => {
        postError(slot, explain(e, specs.get(id)));
        drain();
      },
    );
    return false;
  }
  postResult(slot, result);
  return true;
}

/**
 * @param {number} slot
 * @param {number} id
 * @param {Function} fn
 * @param {unknown[]} args
 * @param {boolean} chunk
 */
function runThen(slot, id, fn, args, chunk) {
  if (run(slot, id, fn, args, chunk)) drain();
}

/** @param {any} message */
function onMessage(message) {
  const defs = message.d;
  if (defs !== undefined) for (const [id, spec] of defs) specs.set(id, spec);
  const calls = message.b;
  for (let i = 0; i < calls.length; i++) queue.push(calls[i]);
  if (!busy) drain();
}

/**
 * Runs the initializer, then the calls that arrived meanwhile.
 * @param {any} init
 */
async function start(init) {
  if (init) {
    try {
      const fn = await load(init.spec);
      await fn(...init.args);
    } catch (e) {
      post({ initFailed: packError(explain(e, init.spec)) });
      return; // stay idle: the executor breaks and ends this worker
    }
  }
  drain();
}

if (parentPort !== null) {
  const port = parentPort;
  post = (message) => port.postMessage(message);
  cells = workerData.cells;
  port.on("message", onMessage);
  start(workerData.init);
} else if (typeof process.send === "function") {
  const send = process.send.bind(process);
  post = (message) => {
    send(message);
  };
  process.once("message", (config) => {
    process.on("message", onMessage);
    start(/** @type {any} */ (config).init);
  });
  // The executor is gone: nothing more will come.
  process.on("disconnect", () => process.exit(0));
} else {
  throw new Error("@tsio/executors worker.js runs inside an executor's worker, not on its own");
}
