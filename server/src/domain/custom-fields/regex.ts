// Validation regexes come from org admins and run against values agents and users send, so a
// pattern with catastrophic backtracking must not hang the process: matching runs in a vm
// context with a time bound, and an overrun counts as "does not match".
import vm from 'node:vm';

export const MAX_PATTERN_LENGTH = 500;
export const MATCH_TIME_LIMIT_MS = 200;

const context = vm.createContext({ re: null, value: '' });
const script = new vm.Script('re.test(value)');

/**
 * True when a repeated group itself contains a repetition (`(a+)+`, `(\w*x)*`, `(a{2,})+`): the
 * shape behind catastrophic backtracking (star height > 1). Character classes and escapes are
 * skipped; `?` alone does not repeat. A conservative syntactic check, backed by the time bound.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  const frames: boolean[] = [false]; // per open group: does it contain a repetition?
  const repeatAt = (i: number): { repeats: boolean; length: number } => {
    const c = pattern[i];
    if (c === '*' || c === '+') return { repeats: true, length: 1 };
    if (c === '?') return { repeats: false, length: 1 };
    const m = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i)) : null;
    if (!m) return { repeats: false, length: 0 };
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    return { repeats: max > 1, length: m[0].length };
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i += /[pPk]/.test(pattern[i + 1] ?? '') && pattern[i + 2] === '{' ? pattern.indexOf('}', i) - i : 1;
      if (i < 0) return false;
    } else if (c === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (c === '(') {
      frames.push(false);
      continue;
    } else if (c === ')') {
      const inner = frames.length > 1 ? frames.pop()! : false;
      const q = repeatAt(i + 1);
      if (q.repeats && inner) return true;
      frames[frames.length - 1] ||= inner || q.repeats;
      i += q.length;
      if (pattern[i + 1] === '?' && q.length) i++; // lazy
      continue;
    }
    const q = repeatAt(i + 1);
    if (q.repeats) frames[frames.length - 1] = true;
    i += q.length;
  }
  return false;
}

/** Compiles a pattern for full-string matching (Unicode mode); the error message otherwise. */
export function compilePattern(pattern: string): { regex: RegExp } | { error: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { error: `validation_regex is longer than ${MAX_PATTERN_LENGTH} characters` };
  if (hasNestedQuantifier(pattern)) return { error: 'validation_regex nests repetitions (like (a+)+), which can take exponential time' };
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
