import "server-only";
import { AppError } from "../errors";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password";

/**
 * Length over composition rules (NIST SP 800-63B), plus a refusal of the passwords
 * attackers try first. Lowercased, with the email's local part checked too.
 */
const COMMON = new Set([
  "123456789012", "1234567890123", "12345678910", "password1234", "password12345", "passwordpassword",
  "qwertyuiop12", "qwertyuiopasdf", "qwerty123456", "1q2w3e4r5t6y", "1qaz2wsx3edc", "iloveyou1234",
  "administrator", "letmein12345", "welcome12345", "changeme1234", "football1234", "baseball1234",
  "superman1234", "trustno11234", "abc123456789", "aaaaaaaaaaaa", "111111111111", "000000000000",
  "monkey123456", "dragon123456", "sunshine1234", "princess1234", "starwars1234", "whatever1234",
  "p@ssw0rd1234", "passw0rd1234", "qwertyqwerty", "asdfghjkl123", "zxcvbnm12345", "michael12345",
  "password123!", "Password123!", "correcthorse", "123123123123", "987654321098", "abcdefghijkl",
  "auriko123456", "aurikoauriko", "adminadmin12", "rootroot1234", "test12345678", "testtesttest",
]);

export function checkPasswordPolicy(password: string, email?: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("WEAK_PASSWORD", `Use at least ${MIN_PASSWORD_LENGTH} characters.`, { field });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError("WEAK_PASSWORD", `Use at most ${MAX_PASSWORD_LENGTH} characters.`, { field });
  }
  const lower = password.toLowerCase();
  const local = email?.split("@")[0]?.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(password) || /^(.)\1+$/.test(password) || (local && local.length >= 4 && lower.includes(local))) {
    throw new AppError("WEAK_PASSWORD", "That password is too easy to guess. Try a longer passphrase.", { field });
  }
}
