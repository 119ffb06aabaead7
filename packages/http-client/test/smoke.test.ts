import { run } from "@tsio/loop";
import { expect, test } from "vitest";
import { ClientSession } from "../src/index.js";
import { startServer } from "./server.js";

test("GET json", async () => {
  const srv = await startServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ path: req.url, ua: req.headers["user-agent"] }));
  });
  function* main() {
    const session = new ClientSession();
    try {
      const resp = yield* session.get(`${srv.url}/a?b=1`, { params: { c: "x y" } });
      expect(resp.status).toBe(200);
      const data = yield* resp.json();
      return data;
    } finally {
      yield* session.close();
    }
  }
  const data = await run(main());
  expect(data).toMatchObject({ path: "/a?b=1&c=x+y" });
  await srv.close();
});
