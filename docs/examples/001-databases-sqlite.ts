// The seed uses encode/databases. In TypeScript, use any Promise-based driver and turn each call
// into a Future with fromPromise; here a minimal interface stands for the driver.
import { fromPromise, run } from "tsio";

interface Database {
  connect(): Promise<void>;
  execute(query: string, values?: Record<string, unknown>): Promise<void>;
  executeMany(query: string, values: Record<string, unknown>[]): Promise<void>;
  fetchAll(query: string): Promise<Record<string, unknown>[]>;
}

export function* highScores(database: Database) {
  // Connect to the database.
  yield* fromPromise(database.connect());

  // Create a table.
  let query = "CREATE TABLE HighScores (id INTEGER PRIMARY KEY, name VARCHAR(100), score INTEGER)";
  yield* fromPromise(database.execute(query));

  // Insert some data.
  query = "INSERT INTO HighScores(name, score) VALUES (:name, :score)";
  const values = [
    { name: "Daisy", score: 92 },
    { name: "Neil", score: 87 },
    { name: "Carol", score: 43 },
  ];
  yield* fromPromise(database.executeMany(query, values));

  // Run a database query.
  query = "SELECT * FROM HighScores";
  const rows = yield* fromPromise(database.fetchAll(query));
  console.log("High Scores:", rows);
}

export async function main(database: Database): Promise<void> {
  await run(highScores(database));
}
