// The SQLite side of the demo's `databases` stand-in, as aiosqlite does it: one connection that
// lives in one worker thread (a one-thread ThreadPoolExecutor), every call a job for that thread.
// Plain JavaScript, imported by the workers with Node's own loader (tsup copies it to
// dist/workers/).
import Database from "better-sqlite3";

/** @type {import("better-sqlite3").Database | null} */
let conn = null;

function connection() {
  if (conn === null) throw new Error("not connected: call connect(path) first");
  return conn;
}

/** sqlite3.connect(path). */
export function connect(path) {
  if (conn !== null) conn.close();
  conn = new Database(path);
  return path;
}

/** One statement with named parameters (`:name`); returns the last row id, as the seed's. */
export function execute(query, values) {
  const info = connection()
    .prepare(query)
    .run(values ?? {});
  return Number(info.lastInsertRowid);
}

/** executemany: one statement per row of values, in one transaction. */
export function executeMany(query, values) {
  const db = connection();
  const stmt = db.prepare(query);
  db.transaction((rows) => {
    for (const row of rows) stmt.run(row);
  })(values);
}

/** fetchall(): every row as an array of column values (Python's tuples). */
export function fetchAll(query, values) {
  return connection()
    .prepare(query)
    .raw(true)
    .all(values ?? {});
}

/** conn.close(). */
export function close() {
  connection().close();
  conn = null;
}
