/**
 * ajv's regular-expression engine for patterns written by users (policies, configs): RE2 through re2js. A module of
 * its own, with no ajv in it, because the standalone validators that the build generates import it by name.
 */
import {RE2JS} from 're2js';

/** Returns `pattern` (ECMAScript syntax, as JSON Schema writes it) compiled by RE2, or throws RE2's syntax error. */
export function compileLinearPattern(pattern: string): RE2JS {
  return RE2JS.compile(RE2JS.translateRegExp(pattern));
}

/** The name under which standalone validator code refers to `linearRegExp` (ajv writes `code` into the source). */
export const LINEAR_REGEXP_CODE = 'trailwiseLinearRegExp';

/**
 * ajv's `code.regExp`: RE2, which matches in time linear in the input whatever the pattern, where JavaScript's
 * backtracking engine takes minutes on `^(a+)+$` against 34 characters. ajv caches compiled patterns by `toString()`,
 * so each one says its source.
 */
export const linearRegExp = Object.assign(
  (pattern: string) => {
    const re = compileLinearPattern(pattern);
    return {test: (text: string) => re.test(text), toString: () => `/${pattern}/`};
  },
  {code: LINEAR_REGEXP_CODE},
);

/**
 * `linearRegExp` for the build's standalone code, which creates its patterns when its module loads: each is compiled
 * on its first test, so loading the validators costs nothing for the patterns they never test. Their patterns
 * compiled at build time, so none can fail here.
 */
export function lazyLinearRegExp(pattern: string): {test(text: string): boolean} {
  let re: RE2JS | undefined;
  return {test: (text: string) => (re ??= compileLinearPattern(pattern)).test(text)};
}
