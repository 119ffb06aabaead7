/**
 * ExceptionGroup / BaseExceptionGroup, checked against what CPython 3.13's builtins do
 * (Lib/test/test_exception_group.py's construction, split and subgroup cases).
 */
import {
  BaseExceptionGroup,
  CancelledError,
  ExceptionGroup,
  isBaseException,
  KeyboardInterrupt,
  ValueError,
} from "@tsio/future";
import { describe, expect, test } from "vitest";

class TypeErr extends Error {}

describe("construction", () => {
  test("BaseExceptionGroup of plain errors is an ExceptionGroup, as in Python", () => {
    const eg = new BaseExceptionGroup("msg", [new ValueError("a"), new TypeErr("b")]);
    expect(eg).toBeInstanceOf(ExceptionGroup);
    expect(eg).toBeInstanceOf(AggregateError);
    expect(eg.name).toBe("ExceptionGroup");
    expect(eg.message).toBe("msg");
    expect(eg.exceptions).toHaveLength(2);
    expect(eg.errors).toEqual(eg.exceptions);
    expect(String(eg)).toBe("ExceptionGroup: msg (2 sub-exceptions)");
  });

  test("a base exception keeps it a BaseExceptionGroup", () => {
    const eg = new BaseExceptionGroup("msg", [new ValueError("a"), new KeyboardInterrupt()]);
    expect(eg).not.toBeInstanceOf(ExceptionGroup);
    expect(eg.name).toBe("BaseExceptionGroup");
    expect(isBaseException(eg)).toBe(true);
    expect(isBaseException(new CancelledError())).toBe(true);
    expect(isBaseException(new ValueError("x"))).toBe(false);
  });

  test("bad arguments: the errors Python gives", () => {
    expect(() => new ExceptionGroup("msg", [])).toThrow(ValueError);
    expect(() => new ExceptionGroup("msg", [])).toThrow(/non-empty sequence/);
    expect(() => new ExceptionGroup(42 as unknown as string, [new Error()])).toThrow(TypeError);
    expect(() => new ExceptionGroup("msg", null as unknown as Error[])).toThrow(TypeError);
    expect(() => new ExceptionGroup("msg", [undefined])).toThrow(/Item 0 .* is not an exception/);
    expect(() => new ExceptionGroup("msg", [new CancelledError()])).toThrow(
      /Cannot nest BaseExceptions in an ExceptionGroup/,
    );
  });
});

describe("split and subgroup (except*)", () => {
  const v1 = new ValueError("v1");
  const t1 = new TypeErr("t1");
  const v2 = new ValueError("v2");
  const inner = new ExceptionGroup("inner", [v2, t1]);
  const eg = new ExceptionGroup("outer", [v1, inner]);

  test("split by class keeps the nesting", () => {
    const [match, rest] = eg.split(ValueError) as [ExceptionGroup, ExceptionGroup];
    expect(match).toBeInstanceOf(ExceptionGroup);
    expect(match.message).toBe("outer");
    expect(match.exceptions[0]).toBe(v1);
    expect((match.exceptions[1] as ExceptionGroup).exceptions).toEqual([v2]);
    expect((match.exceptions[1] as ExceptionGroup).message).toBe("inner");
    expect(rest.exceptions).toHaveLength(1);
    expect((rest.exceptions[0] as ExceptionGroup).exceptions).toEqual([t1]);
  });

  test("split by a list of classes and by a predicate", () => {
    expect(eg.split([ValueError, TypeErr])).toEqual([eg, null]);
    const [match, rest] = eg.split((e) => e === t1) as [ExceptionGroup, ExceptionGroup];
    expect(rest.exceptions[0]).toBe(v1);
    expect(((match.exceptions[0] as ExceptionGroup).exceptions[0] as Error).message).toBe("t1");
  });

  test("subgroup returns the group itself when everything matches, null when nothing does", () => {
    expect(eg.subgroup(Error)).toBe(eg);
    expect(eg.subgroup(RangeError)).toBeNull();
    expect(eg.subgroup((e) => e instanceof ExceptionGroup && e.message === "outer")).toBe(eg);
  });

  test("derived groups keep the cause", () => {
    const withCause = new ExceptionGroup("c", [v1, t1]);
    withCause.cause = new Error("root");
    const [match] = withCause.split(ValueError);
    expect(match?.cause).toBe(withCause.cause);
  });

  test("a bad condition is refused", () => {
    expect(() => eg.split([42] as unknown as [typeof Error])).toThrow(TypeError);
  });
});
