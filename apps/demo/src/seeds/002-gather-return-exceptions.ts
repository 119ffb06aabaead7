import type { Example } from "../example.js";
import factorialReturnExceptions from "./001-factorial-return-exceptions.js";

export default {
  name: "002-gather-return-exceptions",
  summary: "as 001-factorial-return-exceptions",
  run: factorialReturnExceptions.run,
} satisfies Example;
