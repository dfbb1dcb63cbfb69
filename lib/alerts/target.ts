import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { env } from "../env";

/**
 * Where a webhook may point. Unless the operator allows private targets
 * (AURIKO_ALERTS_ALLOW_PRIVATE_TARGETS=true), a URL must be https and must not reach
 * loopback, private, link-local, shared (CGNAT), multicast or reserved addresses. The rule
 * is checked twice: on the URL when the destination is saved (literal addresses and
 * local names), and on every address the name resolves to when a delivery connects
 * (guardedLookup), so a name that later resolves inward (DNS rebinding) is refused too.
 */
export type TargetPolicy = { allowPrivate: boolean };

export function targetPolicy(): TargetPolicy {
  return { allowPrivate: env().AURIKO_ALERTS_ALLOW_PRIVATE_TARGETS === "true" };
}

const internal = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) internal.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["100::", 64], ["2001::", 23], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) internal.addSubnet(net, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped, -compatible or NAT64 IPv6 address, if any. */
function embeddedIpv4(ip: string): string | null {
  const m = /^(?:::ffff:|::|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (m) return m[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address is one a webhook must not reach. Anything unparseable counts as internal. */
export function isInternalAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(ip);
  if (family === 4) return internal.check(ip, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4) return internal.check(v4, "ipv4");
    return internal.check(ip, "ipv6");
  }
  return true;
}

const LOCAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/i;

export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetRefused";
  }
}

/** Parses and checks a webhook URL; the message of a refusal is fit to show the user. */
export function checkWebhookUrl(raw: string, policy: TargetPolicy = targetPolicy()): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TargetRefused("Enter a full URL, starting with https://.");
  }
  if (url.protocol !== "https:" && !(policy.allowPrivate && url.protocol === "http:")) {
    throw new TargetRefused("Webhook URLs must use https://.");
  }
  if (url.username || url.password) throw new TargetRefused("Put no user name or password in the URL; the signature authenticates us.");
  if (raw.length > 2000) throw new TargetRefused("Use a URL of at most 2000 characters.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!host) throw new TargetRefused("Enter a URL with a host name.");
  if (!policy.allowPrivate) {
    if (isIP(host) ? isInternalAddress(host) : LOCAL_NAME.test(host.replace(/\.$/, "")) || !host.includes(".")) {
      throw new TargetRefused("Webhook URLs cannot point to loopback, private or link-local addresses.");
    }
  }
  url.hash = "";
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets (net.connect / undici's connector): resolves the name and
 * refuses the connection when any address is internal, so the address checked is the
 * address connected to.
 */
export function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, family: typeof options.family === "number" ? options.family : 0 }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      if (!list.length) return callback(Object.assign(new Error("no address"), { code: "ENOTFOUND" }), []);
      if (!policy.allowPrivate && list.some((a) => isInternalAddress(a.address))) {
        return callback(Object.assign(new TargetRefused("internal address"), { code: "EALERTTARGET" }), []);
      }
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
