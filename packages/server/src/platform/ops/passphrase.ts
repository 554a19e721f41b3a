/**
 * How strong a backup passphrase is. A backup holds the whole registry and the key that decrypts
 * it, and an archive that leaves the building can be attacked offline for as long as anyone
 * likes: length alone is not enough ("aaaaaaaaaaaa", "Password1234" and the example value in the
 * documentation are all 12+ characters).
 *
 * The estimate is deliberately simple and explainable: each character is worth log2 of the size
 * of the character classes used (lower case, upper case, digits, symbols; a Chinese character about
 * 11.5 bits), except
 * characters that an attacker guesses cheaply — a repeated character, a run such as "abcd" or
 * "4321", a repetition of an earlier chunk, or a common password or placeholder word — which are
 * worth a few bits each. 50 bits is about 10^15 guesses: years for an offline attacker against the
 * archive's scrypt key derivation, and what four random words or 11 random letters and digits give.
 */

export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_PASSPHRASE_BITS = 50;

/** Example values from .env.example, deploy/anju.env.example and docs, and the demo password. */
export const EXAMPLE_PASSPHRASES = ['CHANGE-ME to a long passphrase', 'anju-demo-2026'];

/** Placeholder words: a passphrase containing one was never chosen by anyone. */
const PLACEHOLDERS = [
  'changeme',
  'change-me',
  'change me',
  'replaceme',
  'example',
  'placeholder',
  'your passphrase',
];

/**
 * Words at the top of every password list (lower case, ≥ 4 letters). A passphrase made mostly of
 * them is refused; each one found counts as one guess out of a few thousand.
 */
const COMMON_WORDS = [
  'password',
  'passw0rd',
  'p@ssw0rd',
  'passphrase',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'zxcvbn',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'root',
  'login',
  'master',
  'secret',
  'backup',
  'default',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'shadow',
  'superman',
  'trustno1',
  'abc123',
  'anju',
  'demo',
  'test',
  'woaini',
  'aini',
  'wangyi',
  'mima',
  'correct horse battery staple',
];

const COMMON_WORD_BITS = 11;
/** Bits of a character that continues a repetition, a sequence or an earlier chunk. */
const CHEAP_CHAR_BITS = 1;

/** Size of the ASCII character classes the passphrase uses (lower, upper, digits, symbols). */
function asciiPool(chars: string[]): number {
  let pool = 0;
  if (chars.some((c) => /[a-z]/.test(c))) pool += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (chars.some((c) => /[0-9]/.test(c))) pool += 10;
  if (chars.some((c) => /[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(c))) pool += 33;
  return Math.max(pool, 2);
}

/** Chinese and other scripts: a few thousand characters in everyday use. */
const OTHER_SCRIPT_BITS = Math.log2(3000);

/** The estimated strength in bits (see the file comment). */
export function passphraseBits(passphrase: string): number {
  const chars = [...passphrase.normalize('NFKC')];
  const asciiBits = Math.log2(asciiPool(chars));
  const lower = chars.map((c) => c.toLowerCase());
  const text = lower.join('');
  const codes = lower.map((c) => c.codePointAt(0) ?? 0);
  const cheap = new Array<boolean>(chars.length).fill(false);
  let bits = 0;

  // Common words anywhere: the whole word costs one pick from a list, not its letters.
  for (const word of COMMON_WORDS) {
    const length = [...word].length;
    for (let from = 0; ; ) {
      const unit = text.indexOf(word, from);
      if (unit < 0) break;
      const at = [...text.slice(0, unit)].length;
      from = unit + word.length;
      if (cheap.slice(at, at + length).some(Boolean)) continue;
      cheap.fill(true, at, at + length);
      bits += COMMON_WORD_BITS;
    }
  }

  for (let i = 0; i < codes.length; i++) {
    if (cheap[i]) continue;
    const repeats = i > 0 && codes[i] === codes[i - 1];
    // abc / cba / 123 / 321: the same step of one twice in a row.
    const step = i > 1 ? codes[i]! - codes[i - 1]! : 0;
    const sequence = i > 1 && Math.abs(step) === 1 && step === codes[i - 1]! - codes[i - 2]!;
    const full = codes[i]! > 0x7e ? OTHER_SCRIPT_BITS : asciiBits;
    bits += repeats || sequence || echoesEarlierChunk(lower, i) ? CHEAP_CHAR_BITS : full;
  }
  return Math.round(bits);
}

/** Character i ends three characters that also stand `period` places earlier ("abcabc"). */
function echoesEarlierChunk(chars: string[], i: number): boolean {
  for (let period = 3; period <= 16 && i - period - 2 >= 0; period++) {
    if ([0, 1, 2].every((k) => chars[i - k] === chars[i - k - period])) return true;
  }
  return false;
}

/**
 * Why a passphrase is refused (in English: it is shown by the command line and the start-up check,
 * which speak English), or null when it is strong enough.
 */
export function backupPassphraseProblem(passphrase: string): string | null {
  const normalized = passphrase.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  if (EXAMPLE_PASSPHRASES.some((e) => e.toLowerCase() === normalized)) {
    return 'is the example value from the documentation; choose your own';
  }
  const placeholder = PLACEHOLDERS.find((p) => normalized.includes(p));
  if (placeholder) return `still contains the placeholder "${placeholder}"; choose your own passphrase`;
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    return `must be at least ${MIN_PASSPHRASE_LENGTH} characters`;
  }
  const bare = normalized.replace(/[^\p{L}\p{N}]+/gu, '');
  if (COMMON_WORDS.some((w) => w.replace(/[^\p{L}\p{N}]+/gu, '') === bare.replace(/\d+$/, ''))) {
    return 'is a well-known password (perhaps with digits added); choose something nobody would guess';
  }
  const distinct = new Set(passphrase).size;
  if (distinct < 6) return `uses only ${distinct} different characters; mix more characters or words`;
  const bits = passphraseBits(passphrase);
  if (bits < MIN_PASSPHRASE_BITS) {
    return `is too easy to guess (about ${bits} bits, at least ${MIN_PASSPHRASE_BITS} needed: repeats, sequences and common words count little); use four or more unrelated words or a longer random string`;
  }
  return null;
}
