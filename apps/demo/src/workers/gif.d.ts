/** See gif.js. */
export function gifBody(cc: string): Buffer;
