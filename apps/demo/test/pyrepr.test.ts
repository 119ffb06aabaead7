import { TimeoutError, ValueError } from "@tsio/future";
import { describe, expect, it } from "vitest";
import {
  formatFixed,
  nameCoroutineFunctions,
  PY_REPR,
  pyFloat,
  pyFormat,
  pyRepr,
  pyStr,
  pyType,
  reprFloat,
  tuple,
} from "../src/pyrepr.js";
import { strftimeX } from "../src/pytime.js";

// Every expected string below was printed by CPython 3.13.0 (repr(), str(), format(x, '.Nf'),
// print()) for the same value; the tests need no Python.

const strCases: Array<[string, string]> = [
  ["", "''"],
  ["a", "'a'"],
  ["it's", '"it\'s"'],
  ['say "hi"', "'say \"hi\"'"],
  ["both ' and \"", "'both \\' and \"'"],
  ["\\", "'\\\\'"],
  ["\n\t\r", "'\\n\\t\\r'"],
  ["\x00\x1b\x7f", "'\\x00\\x1b\\x7f'"],
  ["\xa0", "'\\xa0'"],
  ["\xad", "'\\xad'"],
  ["é", "'é'"],
  ["정말 좋아요", "'정말 좋아요'"],
  ["\u200b", "'\\u200b'"],
  ["\u2028", "'\\u2028'"],
  ["\ud800", "'\\ud800'"],
  ["\u{1f600}", "'😀'"],
  ["\u{e0001}", "'\\U000e0001'"],
  ["\ue000", "'\\ue000'"],
  ["\u0378", "'\\u0378'"],
  ["\x80", "'\\x80'"],
  ["\x9f", "'\\x9f'"],
  ["\u3000", "'\\u3000'"],
  [" ", "' '"],
  ["a\\b'c", '"a\\\\b\'c"'],
  ["\x0b\x0c", "'\\x0b\\x0c'"],
  ["\ufeff", "'\\ufeff'"],
  ["\u{10ffff}", "'\\U0010ffff'"],
  ["\udc00x", "'\\udc00x'"],
];

const floatCases: Array<[number, string]> = [
  [3.0, "3.0"],
  [0.5, "0.5"],
  [0.1 + 0.2, "0.30000000000000004"],
  [1e-5, "1e-05"],
  [1e-4, "0.0001"],
  [1e16, "1e+16"],
  [1e15, "1000000000000000.0"],
  [1.5e16, "1.5e+16"],
  [1.2345678901234568e17, "1.2345678901234568e+17"],
  [3.0019125938415527, "3.0019125938415527"],
  [-0.0, "-0.0"],
  [Number.POSITIVE_INFINITY, "inf"],
  [Number.NEGATIVE_INFINITY, "-inf"],
  [Number.NaN, "nan"],
  [1e22, "1e+22"],
  [5e-324, "5e-324"],
  [1.7976931348623157e308, "1.7976931348623157e+308"],
  [0.000123, "0.000123"],
  [2.5e-7, "2.5e-07"],
  [1234.5, "1234.5"],
  [-2.75, "-2.75"],
  [9999999999999998.0, "9999999999999998.0"],
  [0.0001234, "0.0001234"],
  [1e100, "1e+100"],
];

const fixedCases: Array<[number, number, string]> = [
  [0.125, 2, "0.12"],
  [0.375, 2, "0.38"],
  [2.675, 2, "2.67"],
  [1.005, 2, "1.00"],
  [-0.001, 2, "-0.00"],
  [1234.5, 0, "1234"],
  [2.5, 0, "2"],
  [3.5, 0, "4"],
  [1e22, 2, "10000000000000000000000.00"],
  [5e-324, 2, "0.00"],
  [0.5, 0, "0"],
  [1.5, 0, "2"],
  [1.23456, 2, "1.23"],
  [0.0, 2, "0.00"],
  [-0.0, 1, "-0.0"],
  [123.456, 5, "123.45600"],
  [0.045, 2, "0.04"],
  [1.0000000000000002, 20, "1.00000000000000022204"],
];
const ALL_BYTES =
  "b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\\xa8\\xa9\\xaa\\xab\\xac\\xad\\xae\\xaf\\xb0\\xb1\\xb2\\xb3\\xb4\\xb5\\xb6\\xb7\\xb8\\xb9\\xba\\xbb\\xbc\\xbd\\xbe\\xbf\\xc0\\xc1\\xc2\\xc3\\xc4\\xc5\\xc6\\xc7\\xc8\\xc9\\xca\\xcb\\xcc\\xcd\\xce\\xcf\\xd0\\xd1\\xd2\\xd3\\xd4\\xd5\\xd6\\xd7\\xd8\\xd9\\xda\\xdb\\xdc\\xdd\\xde\\xdf\\xe0\\xe1\\xe2\\xe3\\xe4\\xe5\\xe6\\xe7\\xe8\\xe9\\xea\\xeb\\xec\\xed\\xee\\xef\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa\\xfb\\xfc\\xfd\\xfe\\xff'";

describe("repr of str", () => {
  it.each(strCases)("repr(%j) is %s", (text, expected) => {
    expect(pyRepr(text)).toBe(expected);
  });
});

describe("repr of float", () => {
  it.each(floatCases)("repr(%d) is %s", (x, expected) => {
    expect(reprFloat(x)).toBe(expected);
  });

  it("prints non-integer numbers as floats and integer-valued ones as ints unless marked", () => {
    expect(pyRepr(0.5)).toBe("0.5");
    expect(pyRepr(3)).toBe("3");
    expect(pyRepr(pyFloat(3))).toBe("3.0");
    expect(`${pyFloat(3)}`).toBe("3.0");
    expect(pyRepr(2 ** 53)).toBe("9007199254740992");
    expect(pyRepr(333333283333335000000n)).toBe("333333283333335000000");
  });
});

describe("format(x, '.Nf')", () => {
  it.each(fixedCases)("format(%d, '.%i') is %s", (x, digits, expected) => {
    expect(formatFixed(x, digits)).toBe(expected);
  });

  it("rejects a bad number of digits", () => {
    expect(() => formatFixed(1, -1)).toThrow(RangeError);
    expect(() => formatFixed(1, 1.5)).toThrow(/whole number of digits/);
  });
});

describe("repr of bytes", () => {
  it("escapes as Python does", () => {
    expect(pyRepr(Buffer.from("GIF89a"))).toBe("b'GIF89a'");
    expect(pyRepr(new Uint8Array(256).map((_, i) => i))).toBe(ALL_BYTES);
    expect(pyRepr(new Uint8Array([0x27]))).toBe(`b"'"`);
    expect(pyRepr(new Uint8Array([0x22]))).toBe(`b'"'`);
    expect(pyRepr(new Uint8Array([0x27, 0x22]))).toBe(`b'\\'"'`);
    expect(
      pyRepr(Buffer.from([0x7c, 0xa2, 0x57, 0x69, 0x53, 0xa0, 0x45, 0xb1, 0xc1, 0x0c, 0x80, 0x5a])),
    ).toBe("b'|\\xa2WiS\\xa0E\\xb1\\xc1\\x0c\\x80Z'");
    expect(pyRepr(new Uint8Array())).toBe("b''");
  });
});

describe("repr of containers, constants and exceptions", () => {
  it("lists, dicts, sets and tuples", () => {
    expect(pyRepr([2, 6, 24])).toBe("[2, 6, 24]");
    expect(pyRepr(["정말 좋아요", "별로 예요"])).toBe("['정말 좋아요', '별로 예요']");
    expect(pyRepr({ a: 1 })).toBe("{'a': 1}");
    expect(pyRepr({})).toBe("{}");
    expect(
      pyRepr(
        new Map<unknown, unknown>([
          [1, "a"],
          [tuple(1, 2), null],
        ]),
      ),
    ).toBe("{1: 'a', (1, 2): None}");
    expect(pyRepr(new Set())).toBe("set()");
    expect(pyRepr(new Set([1, 2]))).toBe("{1, 2}");
    expect(pyRepr(tuple())).toBe("()");
    expect(pyRepr(tuple(1))).toBe("(1,)");
    expect(pyRepr(tuple(1, "a"))).toBe("(1, 'a')");
    expect(pyRepr([tuple(1, "Daisy", 92), tuple(2, "Neil", 87)])).toBe(
      "[(1, 'Daisy', 92), (2, 'Neil', 87)]",
    );
    expect(pyRepr([null, true, 0.5, -3])).toBe("[None, True, 0.5, -3]");
    expect(pyRepr({ k: [1, tuple(2)], n: undefined })).toBe("{'k': [1, (2,)], 'n': None}");
  });

  it("recursive containers", () => {
    const list: unknown[] = [1];
    list.push(list);
    expect(pyRepr(list)).toBe("[1, [...]]");
    const dict: Record<string, unknown> = { a: 1 };
    dict.self = dict;
    expect(pyRepr(dict)).toBe("{'a': 1, 'self': {...}}");
    const shared = [1];
    expect(pyRepr([shared, shared])).toBe("[[1], [1]]");
  });

  it("None, True, False", () => {
    expect(pyRepr(null)).toBe("None");
    expect(pyRepr(undefined)).toBe("None");
    expect(pyRepr(true)).toBe("True");
    expect(pyRepr(false)).toBe("False");
  });

  it("exceptions: repr and str", () => {
    expect(pyRepr([2, 6, new ValueError("에러")])).toBe("[2, 6, ValueError('에러')]");
    expect(pyRepr(new Error("!"))).toBe("Exception('!')");
    expect(pyRepr(new ValueError())).toBe("ValueError()");
    expect(pyRepr(new TimeoutError())).toBe("TimeoutError()");
    expect(pyRepr(new ValueError("it's"))).toBe(`ValueError("it's")`);
    const twoArgs = Object.assign(new Error("a"), { args: ["a", 1] });
    expect(pyRepr(twoArgs)).toBe("Exception('a', 1)");
    expect(pyStr(twoArgs)).toBe("('a', 1)");
    expect(pyStr(new ValueError("에러"))).toBe("에러");
    expect(pyStr(new ValueError())).toBe("");
    expect(pyRepr(new TypeError("x"))).toBe("TypeError('x')");
  });

  it("objects with their own repr, toString, or none", () => {
    expect(pyRepr({ [PY_REPR]: () => "<Thread(Thread-1 (spin), initial)>" })).toBe(
      "<Thread(Thread-1 (spin), initial)>",
    );
    class WithToString {
      toString() {
        return "<Future pending>";
      }
    }
    expect(pyRepr([new WithToString()])).toBe("[<Future pending>]");
    class Plain {}
    expect(pyRepr(new Plain())).toMatch(/^<Plain object at 0x[0-9a-f]+>$/);
    expect(pyRepr(Plain)).toBe("<class 'Plain'>");
    function f() {}
    expect(pyRepr(f)).toMatch(/^<function f at 0x[0-9a-f]+>$/);
  });

  it("coroutine objects, with a stable made-up address", () => {
    function* main() {}
    nameCoroutineFunctions(main);
    const coro = main();
    const text = pyRepr(coro);
    expect(text).toMatch(/^<coroutine object main at 0x[0-9a-f]{12}>$/);
    expect(pyRepr(coro)).toBe(text);
    expect(pyRepr(main())).not.toBe(text);
    function* unnamed() {}
    expect(pyRepr(unnamed())).toMatch(/^<coroutine object <unknown> at 0x/);
  });
});

describe("print and str", () => {
  it("joins str() of each value with one space", () => {
    expect(pyFormat(["total loop elapsed ", 3.0027339458465576])).toBe(
      "total loop elapsed  3.0027339458465576",
    );
    expect(pyFormat(["default thread pool", new Uint8Array([0, 97, 98])])).toBe(
      "default thread pool b'\\x00ab'",
    );
    expect(pyFormat(["High Scores:", [tuple(1, "Daisy", 92)]])).toBe(
      "High Scores: [(1, 'Daisy', 92)]",
    );
    expect(pyFormat([new ValueError("에러")])).toBe("에러");
    expect(pyFormat(["a", 1, null, [pyFloat(1)]])).toBe("a 1 None [1.0]");
    expect(pyFormat(["a", "b"], "")).toBe("ab");
  });

  it("type() of the values the seeds ask about", () => {
    expect(pyType((function* () {})())).toBe("<class 'generator'>");
    expect(pyType(1)).toBe("<class 'int'>");
    expect(pyType(0.5)).toBe("<class 'float'>");
    expect(pyType("x")).toBe("<class 'str'>");
    expect(pyType(null)).toBe("<class 'NoneType'>");
    expect(pyType(tuple())).toBe("<class 'tuple'>");
    expect(pyType(new ValueError())).toBe("<class 'ValueError'>");
  });

  it("strftime('%X')", () => {
    expect(strftimeX(new Date(2024, 0, 1, 7, 3, 5))).toBe("07:03:05");
  });
});
