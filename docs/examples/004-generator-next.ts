import { generators } from "tsio";

function* test() {
  yield 1;
  yield 2;
}

const gen = test();
console.log(Object.prototype.toString.call(gen)); // [object Generator]
console.log(generators.next(gen)); // 1
console.log(generators.next(gen)); // 2
console.log(generators.next(gen)); // throws StopIteration
