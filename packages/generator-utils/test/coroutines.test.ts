import { isCoroutine, isCoroutineFunction, PyGenerator } from "@tsio/generator-utils";
import { describe, expect, test } from "vitest";

describe("isCoroutine / isCoroutineFunction", () => {
  function* main() {
    yield 1;
  }

  test("a coroutine is a generator object, a coroutine function a function*", () => {
    expect(isCoroutine(main())).toBe(true);
    expect(isCoroutine(main)).toBe(false);
    expect(isCoroutineFunction(main)).toBe(true);
    expect(isCoroutineFunction(async () => {})).toBe(false);
    expect(isCoroutineFunction(() => main())).toBe(false);
  });

  test("a PyGenerator is a handle on a coroutine, not one itself", () => {
    expect(isCoroutine(new PyGenerator(main()))).toBe(false);
    expect(isCoroutine(Promise.resolve())).toBe(false);
    expect(isCoroutine([1].values())).toBe(false);
  });
});
