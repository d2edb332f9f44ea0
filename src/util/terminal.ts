// Text from data (PostgreSQL identifiers any database user controls, setting values, error messages,
// arguments echoed back) reaches a terminal only through here: control characters and the Unicode
// direction overrides that can retitle a window, clear a screen or disguise text are shown escaped.

// C0 and C1 controls (tab and newline included: every field is one line), DEL, and the bidi controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The same characters, for a test before replacing: most text holds none (a report writes it 500,000 times). */
// eslint-disable-next-line no-control-regex
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function escapeControl(text: string): string {
  if (!HAS_UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// What JSON.stringify leaves raw: it escapes C0 controls only, not DEL, the C1 controls or the bidi controls.

const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with every terminal-unsafe character inside its strings written as \uXXXX: the same value, safe to `cat`. */
export function escapeJsonControl(json: string): string {
  // Plain ASCII without DEL holds none of them: two native scans, three times faster on a large report than the regex.
  if (Buffer.byteLength(json, 'utf8') === json.length && !json.includes('\x7f')) return json;
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
