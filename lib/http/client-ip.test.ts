import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { publishRuntimeEnv } from "../env";
import { clientIpFromHeaders, CLIENT_IP_HEADER, resolveClientIp, stampClientIp } from "./client-ip";

function fakeRequest(remote: string, headers: Record<string, string>): IncomingMessage {
  return { headers: { ...headers }, socket: { remoteAddress: remote }, connection: { remoteAddress: remote } } as unknown as IncomingMessage;
}

afterEach(() => publishRuntimeEnv({ AURIKO_TRUSTED_PROXIES: "" }));

describe("client address", () => {
  it("comes from the socket; a client-sent X-Forwarded-For or our own header is ignored", () => {
    const req = fakeRequest("203.0.113.9", { "x-forwarded-for": "1.2.3.4", [CLIENT_IP_HEADER]: "5.6.7.8" });
    expect(resolveClientIp(req)).toBe("203.0.113.9");
    expect(stampClientIp(req)).toBe("203.0.113.9");
    expect(clientIpFromHeaders(req.headers as Record<string, string>)).toBe("203.0.113.9");
  });

  it("believes X-Forwarded-For only through configured trusted proxies", () => {
    publishRuntimeEnv({ AURIKO_TRUSTED_PROXIES: "127.0.0.1/8, 10.0.0.0/8" });
    expect(resolveClientIp(fakeRequest("127.0.0.1", { "x-forwarded-for": "198.51.100.20" }))).toBe("198.51.100.20");
    // A spoofed hop to the left of an untrusted address is not believed.
    expect(resolveClientIp(fakeRequest("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 198.51.100.20" }))).toBe("198.51.100.20");
    // A request that does not come from a trusted proxy keeps its socket address.
    expect(resolveClientIp(fakeRequest("203.0.113.9", { "x-forwarded-for": "198.51.100.20" }))).toBe("203.0.113.9");
  });
});
