/**
 * The shortest password an account may have: the server refuses a shorter one
 * (src/service/accounts/passwords.ts) and the web forms that set one say so before sending it.
 */
export const MIN_PASSWORD_LENGTH = 10;
