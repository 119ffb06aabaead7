// The tiny task of bench/executors.bench.ts, for every pool (piscina runs the default export).
export default function inc(x) {
  return x + 1;
}
export { inc };

/** CPU-bound: about half a second of arithmetic per 10**8. */
export function spin(from, to) {
  let acc = 0;
  for (let i = from; i < to; i++) acc = (acc + ((i * i) % 7)) % 1000003;
  return acc;
}
