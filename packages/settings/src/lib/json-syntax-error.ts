/**
 * Where a JSON text stops being JSON, and why, in words that never quote the text. V8's own
 * message quotes the text around the error (`Unexpected token 'h', ..."assword": hunter2hun"...`),
 * which in a settings file is often a secret. Scanned without recursion, so any depth is fine.
 */
export interface JsonSyntaxError {
  /** offset of the first character that is wrong (the text's length when it ends too early) */
  offset: number;
  reason: string;
  /** the key path being written when it went wrong, e.g. ['public', 'stripe', 'secretKey'] */
  path: string[];
}

type Expect = 'value' | 'key-or-end' | 'key' | 'colon' | 'comma-or-end' | 'value-or-end' | 'done';
type Frame = { kind: 'object'; key: string | undefined } | { kind: 'array'; index: number };

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

function describe(char: string | undefined): string {
  if (char === undefined) return 'the end of the text';
  if ('{}[],:"'.includes(char)) return `"${char}"`;
  if (char === "'") return 'a single quote (JSON strings take double quotes)';
  if (/[A-Za-z]/.test(char)) return 'a letter';
  if (/\d/.test(char)) return 'a digit';
  return 'another character';
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: Frame[] = [];
  let at = 0;
  // what the scanner expects next
  let expect = 'value' as Expect;
  const path = (): string[] => stack.flatMap((frame) => (frame.kind === 'object' ? (frame.key === undefined ? [] : [frame.key]) : [String(frame.index)]));
  const fail = (reason: string): JsonSyntaxError => ({ offset: at, reason, path: path() });

  // Returns the offset after the string starting at `at`, or a failure.
  const scanString = (): number | JsonSyntaxError => {
    let index = at + 1;
    while (index < text.length) {
      const char = text[index];
      if (char === '"') return index + 1;
      if (char === '\\') {
        const next = text[index + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return { ...fail('a bad \\u escape in a string'), offset: index };
          index += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) return { ...fail('a bad escape (\\) in a string'), offset: index };
        index += 2;
        continue;
      }
      // A string broken by a newline is reported where it opens: that is where the quote is missing.
      if (char === '\n') return fail('a string runs past the end of its line (a missing closing quote?)');
      if (char < ' ') return { ...fail('a control character inside a string'), offset: index };
      index += 1;
    }
    return fail('a string is not closed');
  };

  const afterValue = (): void => {
    expect = stack.length === 0 ? 'done' : 'comma-or-end';
  };

  while (true) {
    while (at < text.length && WHITESPACE.has(text[at])) at += 1;
    const char = text[at];
    if (char === undefined) {
      if (expect === 'done') return undefined;
      return fail(stack.length > 0 ? `the text ends before the ${stack[stack.length - 1].kind === 'object' ? 'object' : 'list'} is closed` : 'the text is empty');
    }
    switch (expect) {
      case 'done':
        return fail(`found ${describe(char)} after the end of the settings object`);
      case 'colon':
        if (char !== ':') return fail(`expected ":" after the key, found ${describe(char)}`);
        at += 1;
        expect = 'value';
        continue;
      case 'key-or-end':
      case 'key':
        if (char === '}' && expect === 'key-or-end') {
          stack.pop();
          at += 1;
          afterValue();
          continue;
        }
        if (char === '}') return fail('a comma before "}" (JSON allows no trailing comma)');
        if (char !== '"') return fail(`expected a key in double quotes, found ${describe(char)}`);
        {
          const end = scanString();
          if (typeof end !== 'number') return end;
          let key: string;
          try {
            key = JSON.parse(text.slice(at, end)) as string;
          } catch {
            key = '?';
          }
          (stack[stack.length - 1] as { key: string | undefined }).key = key;
          at = end;
          expect = 'colon';
        }
        continue;
      case 'comma-or-end': {
        const frame = stack[stack.length - 1];
        const close = frame.kind === 'object' ? '}' : ']';
        if (char === close) {
          stack.pop();
          at += 1;
          afterValue();
          continue;
        }
        if (char !== ',') return fail(`expected "," or "${close}", found ${describe(char)}`);
        at += 1;
        if (frame.kind === 'object') expect = 'key';
        else {
          frame.index += 1;
          expect = 'value';
        }
        continue;
      }
      case 'value-or-end':
        if (char === ']') {
          stack.pop();
          at += 1;
          afterValue();
          continue;
        }
      // falls through: a value
      case 'value': {
        if (char === ']' || char === '}') {
          const top = stack[stack.length - 1];
          return fail(top?.kind === 'array' && top.index > 0 && char === ']' ? 'a comma before "]" (JSON allows no trailing comma)' : `expected a value, found ${describe(char)}`);
        }
        if (char === '{') {
          stack.push({ kind: 'object', key: undefined });
          at += 1;
          expect = 'key-or-end';
          continue;
        }
        if (char === '[') {
          stack.push({ kind: 'array', index: 0 });
          at += 1;
          expect = 'value-or-end';
          continue;
        }
        if (char === '"') {
          const end = scanString();
          if (typeof end !== 'number') return end;
          at = end;
          afterValue();
          continue;
        }
        NUMBER.lastIndex = at;
        const number = NUMBER.exec(text);
        if (number && number[0].length > 0) {
          at += number[0].length;
          afterValue();
          continue;
        }
        const literal = LITERALS.find((word) => text.startsWith(word, at));
        if (literal) {
          at += literal.length;
          afterValue();
          continue;
        }
        return fail(`expected a value (a string in double quotes, a number, an object, a list, true, false or null), found ${describe(char)}`);
      }
    }
  }
}
