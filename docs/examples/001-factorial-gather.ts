import { gather, gatherAll, run, sleep } from "tsio";

function* factorial(name: string, number: number) {
  let f = 1;
  for (let i = 2; i < number + 1; i++) {
    console.log(`Task ${name}: Compute factorial(${i})...`);
    yield* sleep(1);
    f *= i;
  }
  console.log(`Task ${name}: factorial(${number}) = ${f}`);
  return f;
}

function* main() {
  // schedule three calls at once
  const result = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4));
  // or, from an array (Python's gather(*[...])):
  // const result = yield* gatherAll([factorial("A", 2), factorial("B", 3), factorial("C", 4)]);
  void gatherAll;

  console.log(result); // [ 2, 6, 24 ], typed [number, number, number]
}

await run(main());
