import { startEmbeddedDb } from "../../server/embedded-db";

/** A stand-in for `npm start`'s database handling, run as a child process by tests. */
const [dataDir, port] = process.argv.slice(2);
const db = await startEmbeddedDb({ dataDir: dataDir!, port: Number(port), password: "test-password-123" });
process.stdout.write(`READY ${db.superUrl()}\n`);
const stop = async () => {
  await db.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
setInterval(() => {}, 1 << 30);
