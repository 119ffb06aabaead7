import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AnyFunction, type Callable, ThreadPoolExecutor } from "@tsio/executors";
import { type Coroutine, fromPromise } from "@tsio/future";
import { type EventLoop, getRunningLoop, run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { tuple } from "../pyrepr.js";
import { workerTask } from "../workers/index.js";

type Values = Record<string, unknown>;

const sqlite = {
  connect: workerTask<(path: string) => string>("sqlite", "connect"),
  execute: workerTask<(query: string, values?: Values) => number>("sqlite", "execute"),
  executeMany: workerTask<(query: string, values: Values[]) => void>("sqlite", "executeMany"),
  fetchAll: workerTask<(query: string, values?: Values) => unknown[][]>("sqlite", "fetchAll"),
  close: workerTask<() => void>("sqlite", "close"),
};

/**
 * A stand-in for encode/databases' `Database` (SQLite URLs only), built the way aiosqlite is:
 * the connection (better-sqlite3) lives in one worker thread, and every call is a job for that
 * thread, awaited through `loop.runInExecutor`. The seed twin does the same with sqlite3.
 */
class Database {
  readonly path: string;
  private readonly thread = new ThreadPoolExecutor({ maxWorkers: 1 });

  constructor(url: string) {
    this.path = url.replace(/^sqlite:\/\/\//, "");
  }

  private *call<F extends AnyFunction>(
    fn: Callable<F>,
    ...args: Parameters<F>
  ): Coroutine<Awaited<ReturnType<F>>> {
    const loop = getRunningLoop() as EventLoop;
    return yield* loop.runInExecutor(this.thread, fn, ...args);
  }

  *connect(): Coroutine<void> {
    yield* this.call(sqlite.connect, this.path);
  }

  *execute({ query, values }: { query: string; values?: Values }): Coroutine<number> {
    return yield* this.call(sqlite.execute, query, values);
  }

  *executeMany({ query, values }: { query: string; values: Values[] }): Coroutine<void> {
    yield* this.call(sqlite.executeMany, query, values);
  }

  *fetchAll({ query, values }: { query: string; values?: Values }): Coroutine<unknown[]> {
    const rows = yield* this.call(sqlite.fetchAll, query, values);
    return rows.map((row) => tuple(...row)); // sqlite3 rows are tuples
  }

  *disconnect(): Coroutine<void> {
    yield* this.call(sqlite.close);
    yield* fromPromise(this.thread.shutdown());
  }
}

/**
 * The databases README example from seed 001: create a table, insert many rows with named
 * parameters, select them, on an SQLite file (example.db, in a fresh temporary folder each
 * run, or the second run would find the table there).
 */
async function demo(_args: string[], out: Out): Promise<undefined> {
  const scratch = await mkdtemp(join(tmpdir(), "seed-db-"));

  function* main() {
    // Create a database instance, and connect to it.
    const database = new Database(`sqlite:///${join(scratch, "example.db")}`);
    yield* database.connect();

    // Create a table.
    let query = `CREATE TABLE HighScores (id INTEGER PRIMARY KEY, name VARCHAR(100), score INTEGER)`;
    yield* database.execute({ query });

    // Insert some data.
    query = "INSERT INTO HighScores(name, score) VALUES (:name, :score)";
    const values = [
      { name: "Daisy", score: 92 },
      { name: "Neil", score: 87 },
      { name: "Carol", score: 43 },
    ];
    yield* database.executeMany({ query, values });

    // Run a database query.
    query = "SELECT * FROM HighScores";
    const rows = yield* database.fetchAll({ query });
    out.print("High Scores:", rows);

    yield* database.disconnect(); // the seed leaves the connection open
  }

  try {
    await run(main());
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return undefined;
}

export default {
  name: "001-databases-sqlite",
  summary: "an SQLite file through a one-thread executor, as aiosqlite",
  run: demo,
} satisfies Example;
