import { TimeoutError, ValueError } from "@tsio/future";
import { expect, test } from "vitest";
import {
  BasicAuth,
  CIMultiDict,
  CIMultiDictProxy,
  ClientConnectionError,
  ClientError,
  ClientPayloadError,
  ConnectionTimeoutError,
  InvalidUrlRedirectClientError,
  NonHttpUrlRedirectClientError,
  parseMimetype,
  RedirectClientError,
  ServerConnectionError,
  ServerTimeoutError,
  SocketTimeoutError,
} from "../src/index.js";

test("CIMultiDict: case-insensitive, ordered, multi-valued", () => {
  const h = new CIMultiDict({ Accept: "a", "X-Multi": ["1", "2"] });
  h.add("x-multi", "3");
  expect(h.get("ACCEPT")).toBe("a");
  expect(h.getAll("X-MULTI")).toEqual(["1", "2", "3"]);
  expect(h.get("missing", "d")).toBe("d");
  expect(() => h.getOne("missing")).toThrow(RangeError);
  h.set("x-multi", "only");
  expect([...h]).toEqual([
    ["Accept", "a"],
    ["x-multi", "only"],
  ]);
  expect(h.popAll("X-Multi")).toEqual(["only"]);
  h.update({ accept: "b", New: "n" });
  expect([...h.keys()]).toEqual(["accept", "New"]);
  expect(h.size).toBe(2);
  expect(String(new CIMultiDictProxy([["A", "1"]]))).toBe("<CIMultiDictProxy('A': '1')>");
});

test("the error hierarchy follows aiohttp, Python's extra base classes included", () => {
  const sock = new SocketTimeoutError("x");
  expect(sock).toBeInstanceOf(ServerTimeoutError);
  expect(sock).toBeInstanceOf(TimeoutError);
  expect(sock).toBeInstanceOf(ServerConnectionError);
  expect(sock).toBeInstanceOf(ClientConnectionError);
  expect(sock).toBeInstanceOf(ClientError);
  expect(sock).not.toBeInstanceOf(ClientPayloadError);
  expect(sock).not.toBeInstanceOf(ConnectionTimeoutError);
  expect(new TimeoutError()).not.toBeInstanceOf(ClientError);
  expect(new NonHttpUrlRedirectClientError("file:///x")).toBeInstanceOf(RedirectClientError);
  expect(new InvalidUrlRedirectClientError("x")).toBeInstanceOf(RedirectClientError);
  expect(new ClientPayloadError("x")).not.toBeInstanceOf(RedirectClientError);
  expect(sock.name).toBe("SocketTimeoutError");
});

test("BasicAuth encodes, decodes and refuses a ':' in the login", () => {
  const auth = new BasicAuth("user", "pass");
  expect(auth.encode()).toBe("Basic dXNlcjpwYXNz");
  expect(BasicAuth.decode("Basic dXNlcjpwYXNz")).toEqual(auth);
  expect(() => new BasicAuth("a:b")).toThrow(ValueError);
  expect(() => BasicAuth.decode("Bearer x")).toThrow("Unknown authorization method Bearer");
  expect(new BasicAuth("ü", "p", "utf-8").encode()).toBe(
    `Basic ${Buffer.from("ü:p").toString("base64")}`,
  );
});

test("parseMimetype as aiohttp's", () => {
  const m = parseMimetype('Application/HAL+JSON; charset="UTF-8"; q=1');
  expect([m.type, m.subtype, m.suffix, [...m.parameters]]).toEqual([
    "application",
    "hal",
    "json",
    [
      ["charset", "UTF-8"],
      ["q", "1"],
    ],
  ]);
  expect(parseMimetype("*").type).toBe("*");
});
