/**
 * Run as a child process by e2e tests (`node --import tsx e2e/helpers/seed-operator.ts`):
 * creates a user with two-factor authentication on (through the enrolment service) in the
 * e2e server's database and prints its email, password and recovery codes as JSON. The
 * operator flag itself is granted by the spec with the real CLI command.
 */
import { randomBytes } from "node:crypto";
import { generate } from "otplib";
import { publishRuntimeEnv } from "../../lib/env";
import { db, disconnectPrisma } from "../../lib/db";
import { hashPassword } from "../../lib/auth/password";
import { confirmEnrolment, startEnrolment } from "../../lib/auth/mfa-settings";
import { prepareRuntime } from "../../server/bootstrap";

publishRuntimeEnv({ AURIKO_DATA_DIR: ".data/e2e", AURIKO_EMBEDDED_PG_PORT: "54349", LOG_LEVEL: "error" });
const rt = await prepareRuntime({ migrate: false });
const tag = randomBytes(3).toString("hex");
const password = `operator passphrase ${tag} long`;
const user = await db().user.create({ data: { email: `operator-${tag}@example.test`, name: `Operator ${tag}`, passwordHash: await hashPassword(password), emailVerifiedAt: new Date() } });
const principal = { userId: user.id, email: user.email, ip: "127.0.0.1" };
const { secret } = await startEnrolment(principal, { password });
const { recoveryCodes } = await confirmEnrolment(principal, { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) }) });
process.stdout.write(JSON.stringify({ email: user.email, password, recoveryCodes }) + "\n");
await disconnectPrisma();
await rt.stop();
