function* inner() {
  return 1;
}
export function* outer() {
  yield* inner(); // await inner()
}
