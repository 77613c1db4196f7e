/**
 * `npm run eval:llm -- --base-url URL --model M [--api-key K] DIR`: runs the explain prompt over every
 * report in the `*.txt` files of DIR (test/fixtures/real/reports holds real ones) and prints how many
 * answers were grounded, how many were withheld and why, so an operator can judge a model before
 * turning it on. Each report's lines go to that provider.
 */
import { runEval } from '../src/llm/eval.js';

process.exitCode = await runEval(process.argv.slice(2), process.env, {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
