import { readFileSync } from "node:fs";

/**
 * Whether this process may write a core dump, from /proc/self/limits (Linux; undefined
 * elsewhere or when unreadable). scripts/start.sh sets the limit to 0; a server started
 * some other way is told at start-up, since a dump would hold decrypted provider keys.
 */
export function coreDumpsAllowed(limits = "/proc/self/limits"): boolean | undefined {
  let text: string;
  try {
    text = readFileSync(limits, "utf8");
  } catch {
    return undefined;
  }
  const soft = /^Max core file size\s+(\S+)/m.exec(text)?.[1];
  return soft === undefined ? undefined : soft !== "0";
}
