import { describe, expect, it } from "vitest";
import { checkOrigin, normaliseOrigin } from "./origin-check";

const HOME = "https://console.example.com";

describe("checkOrigin", () => {
  it("lets safe methods through from anywhere", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(checkOrigin({ method, origin: "https://evil.example", secFetchSite: "cross-site" }, HOME)).toEqual({ ok: true });
    }
  });

  it("accepts a state-changing request from the public origin, however it is spelled", () => {
    for (const origin of [HOME, "https://CONSOLE.example.com", "https://console.example.com:443"]) {
      expect(checkOrigin({ method: "POST", origin, secFetchSite: "same-origin" }, HOME).ok, origin).toBe(true);
    }
    expect(checkOrigin({ method: "POST", origin: "http://127.0.0.1:3100" }, "http://127.0.0.1:3100/")).toEqual({ ok: true });
  });

  it("refuses every other origin: another host, scheme or port, a subdomain, null, garbage, a joined duplicate", () => {
    const others = [
      "https://evil.example",
      "http://console.example.com",
      "https://console.example.com:8443",
      "https://app.console.example.com",
      "https://console.example.com.evil.example",
      "null",
      "not a url",
      "javascript:alert(1)",
      `${HOME}, https://evil.example`,
    ];
    for (const origin of others) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        expect(checkOrigin({ method, origin }, HOME).ok, `${method} ${origin}`).toBe(false);
      }
    }
    expect(checkOrigin({ method: "POST", origin: "null" }, HOME)).toMatchObject({ reason: "opaque_origin" });
  });

  it("without Origin: refuses what the browser calls cross-site or same-site, lets programs (no Sec-Fetch-Site) through", () => {
    expect(checkOrigin({ method: "POST", origin: null, secFetchSite: "cross-site" }, HOME)).toMatchObject({ ok: false, reason: "cross_site_fetch" });
    expect(checkOrigin({ method: "POST", origin: null, secFetchSite: "same-site" }, HOME).ok).toBe(false);
    expect(checkOrigin({ method: "POST", origin: null, secFetchSite: "same-origin" }, HOME).ok).toBe(true);
    expect(checkOrigin({ method: "POST", origin: undefined, secFetchSite: undefined }, HOME).ok).toBe(true);
  });

  it("normaliseOrigin keeps scheme, host and non-default port only", () => {
    expect(normaliseOrigin("https://Console.Example.com:443/path?q=1")).toBe("https://console.example.com");
    expect(normaliseOrigin("http://localhost:3000/")).toBe("http://localhost:3000");
    expect(normaliseOrigin("file:///etc/passwd")).toBeNull();
  });
});
