/** Which language a line is written in, for reading and for the language of messages. */
export type Language = 'en' | 'zh';

const HAN = /\p{Script=Han}/gu;
const LATIN_LETTER = /[A-Za-z]/g;

/**
 * Chinese when Han characters make up a real part of the letters (a Chinese sentence with a few
 * English terms such as "P99" or "CI/CD" is still Chinese).
 */
export function detectLanguage(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return 'en';
  const latin = text.match(LATIN_LETTER)?.length ?? 0;
  return han * 3 >= latin ? 'zh' : 'en';
}

/** True when the text has any Han character. */
export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}
