import { gather, run, sleep, ValueError } from "tsio";

// returnExceptions: false (the default)
function* factorial(name: string, number: number) {
  let f = 1;
  if (number === 4) throw new ValueError("에러");
  for (let i = 2; i < number + 1; i++) {
    console.log(`Task ${name}: Compute factorial(${i})...`);
    yield* sleep(1);
    f *= i;
  }
  console.log(`Task ${name}: factorial(${number}) = ${f}`);
  return f;
}

function* main() {
  // the first exception propagates out of gather (the other tasks go on running)
  const result = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4), {
    returnExceptions: false,
  });

  console.log(result);
}

await run(main()); // rejects with ValueError: 에러
