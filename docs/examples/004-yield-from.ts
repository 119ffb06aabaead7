import { generators } from "tsio";

function* inner(): Generator<number, number, string> {
  const innerResult = yield 2;
  console.log("inner", innerResult);
  return 3;
}
function* outer(): Generator<number, void, string> {
  yield 1;
  const val = yield* inner(); // yield from inner()
  console.log("other", val);
  yield 4;
}
const gen = outer();
console.log(generators.next(gen)); // 1
console.log(generators.next(gen)); // 2
console.log(generators.send(gen, "abc")); // inner abc, other 3, then 4
