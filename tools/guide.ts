/**
 * Keeps docs/guide.md in step with the code:
 *
 * - `<!-- include: examples/<file> -->` ... `<!-- /include -->`: the file's text as a fenced
 *   code block (docs/examples/*.ts are typechecked in CI, so every TypeScript example in the
 *   guide compiles);
 * - `<!-- porting-table -->` ... `<!-- /porting-table -->`: every asyncio (and
 *   concurrent.futures) name of CPython 3.13 with its tsio name, looked up in the sources of the
 *   `tsio` package with the TypeScript compiler API, so a name that lands in a package shows up.
 *
 * Usage: tsx tools/guide.ts [--check]   (--check: exit 1 if docs/guide.md is not up to date)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { moduleExports, root, sourceProgram, workspacePackages } from "./package-exports.ts";

const guidePath = join(root, "docs", "guide.md");

// ---- CPython 3.13's names (asyncio.__all__, concurrent.futures.__all__, public methods) ------

const ASYNCIO = `ALL_COMPLETED AbstractChildWatcher AbstractEventLoop AbstractEventLoopPolicy AbstractServer
Barrier BaseEventLoop BaseProtocol BaseTransport BoundedSemaphore BrokenBarrierError BufferedProtocol
CancelledError Condition DatagramProtocol DatagramTransport DefaultEventLoopPolicy Event EventLoop
FIRST_COMPLETED FIRST_EXCEPTION FastChildWatcher Future Handle IncompleteReadError
InvalidStateError LifoQueue LimitOverrunError Lock MultiLoopChildWatcher PidfdChildWatcher
PriorityQueue Protocol Queue QueueEmpty QueueFull QueueShutDown ReadTransport Runner
SafeChildWatcher SelectorEventLoop Semaphore SendfileNotAvailableError Server StreamReader
StreamReaderProtocol StreamWriter SubprocessProtocol SubprocessTransport Task TaskGroup
ThreadedChildWatcher Timeout TimeoutError TimerHandle Transport WriteTransport _enter_task
_get_running_loop _leave_task _register_task _set_running_loop _unregister_task all_tasks
as_completed create_eager_task_factory create_subprocess_exec create_subprocess_shell
create_task current_task eager_task_factory ensure_future gather get_child_watcher
get_event_loop get_event_loop_policy get_running_loop iscoroutine iscoroutinefunction isfuture
new_event_loop open_connection open_unix_connection run run_coroutine_threadsafe
set_child_watcher set_event_loop set_event_loop_policy shield sleep start_server
start_unix_server timeout timeout_at to_thread wait wait_for wrap_future`;

const CONCURRENT = `ALL_COMPLETED BrokenExecutor CancelledError Executor FIRST_COMPLETED FIRST_EXCEPTION
Future InvalidStateError ProcessPoolExecutor ThreadPoolExecutor TimeoutError as_completed wait`;

/** Public methods and attributes; the tsio class to look them up on (same name unless given). */
const METHODS: [python: string, names: string, tsioClass?: string][] = [
  [
    "loop",
    `add_reader add_signal_handler add_writer call_at call_exception_handler call_later call_soon
    call_soon_threadsafe close connect_accepted_socket connect_read_pipe connect_write_pipe
    create_connection create_datagram_endpoint create_future create_server create_task
    create_unix_connection create_unix_server default_exception_handler get_debug
    get_exception_handler get_task_factory getaddrinfo getnameinfo is_closed is_running
    remove_reader remove_signal_handler remove_writer run_forever run_in_executor
    run_until_complete sendfile set_debug set_default_executor set_exception_handler
    set_task_factory shutdown_asyncgens shutdown_default_executor sock_accept sock_connect
    sock_recv sock_recv_into sock_recvfrom sock_recvfrom_into sock_sendall sock_sendfile
    sock_sendto start_tls stop subprocess_exec subprocess_shell time`,
    "EventLoop",
  ],
  [
    "Future",
    "add_done_callback cancel cancelled done exception get_loop remove_done_callback result set_exception set_result",
  ],
  [
    "Task",
    `add_done_callback cancel cancelled cancelling done exception get_context get_coro get_name
    get_stack print_stack remove_done_callback result set_name uncancel`,
  ],
  ["Handle", "cancel cancelled get_context"],
  ["TimerHandle", "when"],
  ["Runner", "close get_loop run"],
  ["Timeout", "expired reschedule when"],
  ["TaskGroup", "create_task"],
  ["Queue", "empty full get get_nowait join maxsize put put_nowait qsize shutdown task_done"],
  ["Lock", "acquire locked release"],
  ["Event", "clear is_set set wait"],
  ["Condition", "acquire locked notify notify_all release wait wait_for"],
  ["Semaphore", "acquire locked release"],
  ["Barrier", "abort broken n_waiting parties reset wait"],
  [
    "StreamReader",
    "at_eof exception feed_data feed_eof read readexactly readline readuntil set_exception set_transport",
  ],
  [
    "StreamWriter",
    "can_write_eof close drain get_extra_info is_closing start_tls transport wait_closed write write_eof writelines",
  ],
  [
    "Server",
    "abort_clients close close_clients get_loop is_serving serve_forever sockets start_serving wait_closed",
  ],
];

const CONCURRENT_METHODS: [python: string, names: string][] = [
  ["Executor", "map shutdown submit"],
  [
    "Future",
    "add_done_callback cancel cancelled done exception result running set_exception set_result set_running_or_notify_cancel",
  ],
];

/** tsio names that camelCase does not give. */
const RENAMED: Record<string, string> = {
  iscoroutine: "isCoroutine",
  iscoroutinefunction: "isCoroutineFunction",
  isfuture: "isFuture",
  getaddrinfo: "getaddrinfo",
  getnameinfo: "getnameinfo",
};

/** What a reader should know beside the name: a different shape, or why a name is absent. */
const NOTES: Record<string, string> = {
  run: "returns a Promise of main's result: `await run(main())`",
  sleep: "`yield* sleep(1)`; seconds, as in asyncio",
  gather: "a typed tuple; `{ returnExceptions: true }` last; `gatherAll(iterable)` for arrays",
  wait: "`yield* wait(tasks, { returnWhen: FIRST_COMPLETED })` gives `[done, pending]`",
  wait_for: "`yield* waitFor(aw, 1.0)` or `waitFor(aw, { timeout })`",
  as_completed: "`for (const next of asCompleted(aws)) { const r = yield* next; }`",
  timeout: "`yield* timeout(1).run(function* () { ... })` is `async with asyncio.timeout(1):`",
  timeout_at: "as timeout, with a loop time",
  create_task: "`createTask(coro, { name })`",
  to_thread: "the function runs in a worker thread: self-contained, or `task(module, name)`",
  run_in_executor: "`yield* loop.runInExecutor(null | executor, fn, ...args)`",
  run_until_complete: "returns a Promise",
  run_forever: "returns a Promise; settles when `stop()` is called",
  get_event_loop: "no DeprecationWarning: makes a loop when none is set",
  TaskGroup: "`yield* taskGroup(function* (tg) { ... })` is `async with TaskGroup() as tg:`",
  Timeout: "made by `timeout()` / `timeoutAt()`",
  Lock: "`yield* lock.with(function* () { ... })`, or `using _ = yield* lock.hold()`",
  Semaphore: "`with()` / `hold()` as Lock",
  Condition: "`with()` / `hold()` as Lock",
  CancelledError: "an Error subclass; a coroutine sees it at its `yield*`",
  TimeoutError: "asyncio's; `concurrent.futures.TimeoutError` is a different class",
  EventLoop: "Node's event loop is the selector",
  SelectorEventLoop: "`EventLoop`: Node's event loop is the selector",
  BaseEventLoop: "`EventLoop`",
  AbstractEventLoop: "an interface (what futures and tasks need); the class is `EventLoop`",
  AbstractChildWatcher: "deprecated in Python 3.12, removed in 3.14",
  FastChildWatcher: "deprecated in Python 3.12, removed in 3.14",
  MultiLoopChildWatcher: "deprecated in Python 3.12, removed in 3.14",
  PidfdChildWatcher: "deprecated in Python 3.12, removed in 3.14",
  SafeChildWatcher: "deprecated in Python 3.12, removed in 3.14",
  ThreadedChildWatcher: "deprecated in Python 3.12, removed in 3.14",
  get_child_watcher: "deprecated in Python 3.12, removed in 3.14",
  set_child_watcher: "deprecated in Python 3.12, removed in 3.14",
  AbstractEventLoopPolicy: "policies are deprecated in Python 3.14: one loop per thread here",
  DefaultEventLoopPolicy: "policies are deprecated in Python 3.14: one loop per thread here",
  get_event_loop_policy: "policies are deprecated in Python 3.14: one loop per thread here",
  set_event_loop_policy: "policies are deprecated in Python 3.14: one loop per thread here",
  create_subprocess_exec: "not in tsio: use node:child_process with `fromPromise`",
  create_subprocess_shell: "not in tsio: use node:child_process with `fromPromise`",
  subprocess_exec: "not in tsio: use node:child_process with `fromPromise`",
  subprocess_shell: "not in tsio: use node:child_process with `fromPromise`",
  add_reader: "no file-descriptor readiness in Node: use streams",
  add_writer: "no file-descriptor readiness in Node: use streams",
  remove_reader: "no file-descriptor readiness in Node: use streams",
  remove_writer: "no file-descriptor readiness in Node: use streams",
  get_context: "no contextvars in JavaScript",
  get_stack: "JavaScript cannot inspect a suspended generator's frames",
  print_stack: "JavaScript cannot inspect a suspended generator's frames",
  maxsize: "a getter",
  parties: "a getter",
  n_waiting: "a getter",
  broken: "a getter",
  sockets: "a getter",
  transport: "a getter",
  set_running_or_notify_cancel: "internal to executors in tsio",
  "concurrent.futures": "`concurrent.futures.X` in `tsio` (`@tsio/executors`)",
};

const LOW_LEVEL = new Set(
  `BaseProtocol BaseTransport BufferedProtocol DatagramProtocol DatagramTransport Protocol
  ReadTransport SubprocessProtocol SubprocessTransport Transport WriteTransport
  StreamReaderProtocol AbstractServer SendfileNotAvailableError connect_accepted_socket
  connect_read_pipe connect_write_pipe create_connection create_datagram_endpoint
  create_server create_unix_connection create_unix_server sendfile sock_accept sock_connect
  sock_recv sock_recv_into sock_recvfrom sock_recvfrom_into sock_sendall sock_sendfile
  sock_sendto`.split(/\s+/),
);

const camel = (name: string): string =>
  RENAMED[name] ??
  name.replace(
    /^(_?)(.*)$/,
    (_m, u: string, rest: string) =>
      u + rest.replace(/_([a-z0-9])/g, (_x, c: string) => c.toUpperCase()),
  );

// ---- what tsio has --------------------------------------------------------------------------

const tsioPkg = workspacePackages().find((p) => p.name === "tsio");
if (!tsioPkg) throw new Error("packages/tsio/src/index.ts is missing");
const program = sourceProgram([tsioPkg.entry]);
const checker = program.getTypeChecker();
const top = new Map(moduleExports(program, tsioPkg.entry).map((e) => [e.name, e.target]));

function namespace(symbol: ts.Symbol | undefined): Map<string, ts.Symbol> {
  if (!symbol) return new Map();
  return new Map(
    checker.getExportsOfModule(symbol).map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return [s.getName(), target];
    }),
  );
}
const futures = namespace(namespace(top.get("concurrent")).get("futures"));

function membersOf(symbol: ts.Symbol | undefined): Set<string> {
  if (!symbol || !(symbol.flags & ts.SymbolFlags.Class)) return new Set();
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  return new Set(checker.getPropertiesOfType(type).map((p) => p.getName()));
}

// ---- the tables -----------------------------------------------------------------------------

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const code = (s: string) => `\`${s}\``;

function row(python: string, tsioName: string | null, key: string): string {
  const low = LOW_LEVEL.has(key)
    ? "low-level transports and protocols: not in tsio; use streams"
    : "";
  const note = NOTES[key] ?? (tsioName ? "" : low || "not yet");
  return `| ${code(python)} | ${tsioName ? code(tsioName) : "—"} | ${note} |`;
}

function table(rows: string[]): string {
  return ["| Python | tsio | note |", "|---|---|---|", ...rows].join("\n");
}

function portingTables(): { text: string; found: number; total: number } {
  let found = 0;
  let total = 0;
  const count = (has: boolean) => {
    total++;
    if (has) found++;
  };
  const out: string[] = [];

  out.push("### `asyncio`: functions, classes, constants\n");
  out.push(
    table(
      words(ASYNCIO).map((name) => {
        const t = camel(name);
        const has = top.has(t);
        count(has);
        return row(`asyncio.${name}`, has ? t : null, name);
      }),
    ),
  );

  for (const [cls, names, tsioClass] of METHODS) {
    const target = tsioClass ?? cls;
    const members = membersOf(top.get(target));
    out.push(`\n### ${cls === "loop" ? "The event loop (`loop.x`)" : `\`${cls}\``}\n`);
    out.push(
      table(
        words(names).map((name) => {
          const t = camel(name);
          const has = members.has(t);
          count(has);
          const prefix = cls === "loop" ? "loop" : cls;
          return row(
            `${prefix}.${name}`,
            has ? `${cls === "loop" ? "loop" : target}.${t}` : null,
            name,
          );
        }),
      ),
    );
  }

  out.push("\n### `concurrent.futures` (tsio: `concurrent.futures`)\n");
  const cfRows = words(CONCURRENT).map((name) => {
    const t = camel(name);
    const has = futures.has(t);
    count(has);
    return row(`concurrent.futures.${name}`, has ? `concurrent.futures.${t}` : null, `cf.${name}`);
  });
  for (const [cls, names] of CONCURRENT_METHODS) {
    const members = membersOf(futures.get(cls));
    for (const name of words(names)) {
      const t = camel(name);
      const has = members.has(t);
      count(has);
      cfRows.push(row(`${cls}.${name}`, has ? `${cls}.${t}` : null, name));
    }
  }
  out.push(table(cfRows));
  return { text: out.join("\n"), found, total };
}

// ---- rewrite the guide ----------------------------------------------------------------------

function rewrite(text: string): string {
  let result = text.replace(
    /<!-- include: (\S+) -->\n[\s\S]*?<!-- \/include -->/g,
    (_m, file: string) => {
      const body = readFileSync(join(root, "docs", file), "utf8").trimEnd();
      const lang = file.endsWith(".py") ? "python" : "ts";
      return `<!-- include: ${file} -->\n\`\`\`${lang}\n${body}\n\`\`\`\n<!-- /include -->`;
    },
  );
  const tables = portingTables();
  result = result.replace(
    /<!-- porting-table -->\n[\s\S]*?<!-- \/porting-table -->/,
    `<!-- porting-table -->\n${tables.found} of ${tables.total} names have a tsio counterpart (generated by \`pnpm docs:guide\` from the sources).\n\n${tables.text}\n<!-- /porting-table -->`,
  );
  return result;
}

const before = readFileSync(guidePath, "utf8");
const after = rewrite(before);
if (process.argv.includes("--check")) {
  if (after !== before) {
    console.error("docs/guide.md is out of date: run pnpm docs:guide");
    process.exit(1);
  }
  console.log("docs/guide.md is up to date");
} else if (after !== before) {
  writeFileSync(guidePath, after);
  console.log("docs/guide.md updated");
} else {
  console.log("docs/guide.md already up to date");
}
