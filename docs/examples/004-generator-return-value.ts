import { generators } from "tsio";

function* test() {
  yield 1;
  return "abc";
}
const gen = test();
console.log(generators.next(gen)); // 1

try {
  generators.next(gen);
} catch (exc) {
  if (exc instanceof generators.StopIteration) console.log(exc.value); // abc
}
