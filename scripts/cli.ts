import { ConfigError, loadEnvFile } from "../lib/env";
import { accountCommands } from "./cli/account-commands";
import { commands as coreCommands } from "./cli/commands";
import { operatorCommands } from "./cli/operator-commands";
import { usageCommands } from "./cli/usage-commands";

/**
 * The operator's command line: `npm run cli -- <command> [options]`.
 * Commands live in scripts/cli/commands.ts (usage:* in usage-commands.ts); each returns an exit code.
 */
loadEnvFile();
const commands = { ...coreCommands, ...accountCommands, ...usageCommands, ...operatorCommands };

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const list = Object.entries(commands)
      .map(([n, c]) => `  ${n.padEnd(20)} ${c.summary}`)
      .join("\n");
    process.stderr.write(`${name ? `Unknown command: ${name}\n\n` : ""}Usage: npm run cli -- <command> [options]\n\nCommands:\n${list}\n`);
    return name ? 2 : 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const message = err instanceof ConfigError ? err.message : `Error: ${(err as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
