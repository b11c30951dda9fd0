/** Which language a line is written in, for reading and for the language of messages. */
export type Language = 'en' | 'zh';

const HAS_HAN = /\p{Script=Han}/u;

/** Han ideographs: the CJK blocks (unified, extension A, compatibility, radicals, extensions B+). */
function isHan(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x2e80 && c <= 0x2fdf) ||
    c === 0x3005 ||
    c === 0x3007 ||
    (c >= 0x20000 && c <= 0x3134f)
  );
}

/**
 * Chinese when Han characters make up a real part of the letters (a Chinese sentence with a few
 * English terms such as "P99" or "CI/CD" is still Chinese).
 */
export function detectLanguage(text: string): Language {
  if (!HAS_HAN.test(text)) return 'en';
  let han = 0;
  let latin = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin += 1;
    else if (isHan(c)) han += 1;
  }
  return han * 3 >= latin ? 'zh' : 'en';
}

/** True when the text has any Han character. */
export function hasHan(text: string): boolean {
  return HAS_HAN.test(text);
}
