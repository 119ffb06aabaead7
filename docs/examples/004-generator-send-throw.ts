import { generators } from "tsio";

function* test(): Generator<number, void, string> {
  const val = yield 1;
  console.log(val);
  yield 2;
  yield 3;
}

const gen = test();
console.log(generators.next(gen)); // 1
console.log(generators.send(gen, "abc")); // abc, then 2
console.log(generators.next(gen)); // 3
console.log(generators.throwInto(gen, new Error("!"))); // throws Error: !
