import { describe, expect, it } from "vitest";
import { describeEventDetails, describeSecurityEvent, methodLabel, notifies, SECURITY_EVENT_KINDS, securityEmail } from "./messages";

describe("security event messages", () => {
  it("every kind has its own title, and the listed-only kinds are the routine ones", () => {
    for (const kind of SECURITY_EVENT_KINDS) expect(describeSecurityEvent(kind, {}).title, kind).not.toBe(kind);
    expect(SECURITY_EVENT_KINDS.filter((k) => !notifies(k))).toEqual([
      "sign_in",
      "sign_in_failed",
      "mfa_failed",
      "mfa_replayed",
      "session_ended",
      "signed_out",
      "signed_out_all",
      "email_verified",
    ]);
    // The kinds that e-mailed before still do; an unknown kind (a newer build's) e-mails too.
    for (const k of ["sign_in_new_device", "mfa_failures", "mfa_enabled", "mfa_disabled", "recovery_code_used", "password_changed", "sign_up_attempt"]) {
      expect(notifies(k), k).toBe(true);
    }
    expect(notifies("some_future_kind")).toBe(true);
  });

  it("describes method, reason and count in words, and nothing it was not built for", () => {
    expect(describeEventDetails("sign_in", { method: "totp" })).toBe("Authenticator code");
    expect(describeEventDetails("sign_in_failed", { method: "password", reason: "wrong_password", count: 1 })).toBe("Password · Wrong password");
    expect(describeEventDetails("sign_in_failed", { method: "password", reason: "wrong_password", count: 7 })).toBe(
      "Password · Wrong password · 7 attempts within a minute",
    );
    expect(describeEventDetails("mfa_replayed", { method: "totp", reason: "replayed_code", during: "sign_in" })).toBe("Authenticator code");
    expect(describeEventDetails("mfa_failed", { method: "recovery_code", reason: "wrong_code", during: "account" })).toBe(
      "Recovery code · Wrong code · On the account page",
    );
    expect(describeEventDetails("recovery_code_used", { method: "recovery_code", left: 3 })).toBe("Recovery code · 3 left");
    // Values outside the vocabulary are not echoed.
    expect(describeEventDetails("sign_in", { method: "<script>", reason: "hunter2", note: "secret" })).toBeNull();
    expect(methodLabel("constructor")).toBeNull();
  });

  it("titles a folded failed-sign-in row by its count", () => {
    expect(describeSecurityEvent("sign_in_failed", { count: 1 }).title).toBe("Failed sign-in attempt");
    expect(describeSecurityEvent("sign_in_failed", { count: 4 }).title).toBe("Failed sign-in attempts");
    const mail = securityEmail("sign_in", {}, { at: new Date("2026-12-07T10:00:00Z"), device: "Chrome on Linux", ip: "192.0.2.1", origin: "https://a.example" });
    expect(mail.body).toContain("Chrome on Linux");
  });
});
