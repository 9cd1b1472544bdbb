// Validation regexes come from org admins and run against values agents and users send, so a
// pattern with catastrophic backtracking must not hang the process: matching runs in a vm
// context with a time bound, and an overrun counts as "does not match".
import vm from 'node:vm';

export const MAX_PATTERN_LENGTH = 500;
export const MATCH_TIME_LIMIT_MS = 200;

const context = vm.createContext({ re: null, value: '' });
const script = new vm.Script('re.test(value)');

/** Compiles a pattern for full-string matching (Unicode mode); the error message otherwise. */
export function compilePattern(pattern: string): { regex: RegExp } | { error: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { error: `validation_regex is longer than ${MAX_PATTERN_LENGTH} characters` };
  try {
    return { regex: new RegExp(`^(?:${pattern})$`, 'u') };
  } catch (error) {
    return { error: `validation_regex is invalid: ${(error as Error).message}` };
  }
}

/** Whether `value` fully matches; 'timeout' when matching ran past the time limit. */
export function fullMatch(regex: RegExp, value: string, limitMs = MATCH_TIME_LIMIT_MS): boolean | 'timeout' {
  context.re = regex;
  context.value = value;
  try {
    return Boolean(script.runInContext(context, { timeout: limitMs }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
    throw error;
  } finally {
    context.re = null;
    context.value = '';
  }
}
